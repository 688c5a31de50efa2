namespace Pilotlight.Core.Reports;

/// <summary>A linear map from a domain (seconds, writes/s, ms) onto pixels, with round tick values for its axis.</summary>
internal sealed record ChartScale(double DomainStart, double DomainEnd, double PixelStart, double PixelEnd)
{
    private static readonly double[] Steps = [1, 2, 5];

    public double Map(double value)
    {
        var span = DomainEnd - DomainStart;
        return span <= 0 ? PixelStart : PixelStart + ((value - DomainStart) / span * (PixelEnd - PixelStart));
    }

    /// <summary>Round values (1, 2 or 5 times a power of ten) inside the domain, about <paramref name="count"/> of them.</summary>
    public IEnumerable<double> Ticks(int count = 8)
    {
        var span = DomainEnd - DomainStart;
        if (span <= 0 || !double.IsFinite(span))
        {
            yield return DomainStart;
            yield break;
        }

        var raw = span / count;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = Steps.Select(s => s * power).FirstOrDefault(s => s >= raw, 10 * power);
        for (var tick = Math.Ceiling(DomainStart / step) * step; tick <= DomainEnd + (step / 1e6); tick += step)
        {
            yield return Math.Abs(tick) < step / 1e6 ? 0 : tick;
        }
    }

    /// <summary>A value domain from zero to at least <paramref name="max"/>, a little above it so the top is not clipped.</summary>
    public static ChartScale Values(double max, double pixelBottom, double pixelTop) => new(0, max > 0 ? max * 1.1 : 1, pixelBottom, pixelTop);
}
