using System.Numerics;

namespace Pilotlight.Core.Ledger;

/// <summary>
/// Latencies in microseconds, in log-linear buckets (exact below 128 µs, then 64 buckets per power of two: under
/// 1.6 % error) up to about 19 hours, in a fixed 16 KiB: recording is a few instructions and never allocates.
/// Not thread-safe; callers serialise.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int PerOctave = 64;
    private const int Octaves = 30;
    private readonly long[] _counts = new long[Linear + (Octaves * PerOctave)];
    private long _maxMicros;

    public long Count { get; private set; }

    public double MaxMs => _maxMicros / 1000.0;

    public void Record(double milliseconds)
    {
        var micros = milliseconds <= 0 ? 0 : (long)Math.Min(milliseconds * 1000.0, long.MaxValue / 2.0);
        _counts[Index(micros)]++;
        Count++;
        _maxMicros = Math.Max(_maxMicros, micros);
    }

    /// <summary>Adds every recording of <paramref name="other"/> to this one.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _maxMicros = Math.Max(_maxMicros, other._maxMicros);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        _maxMicros = 0;
    }

    /// <summary>
    /// The latency at or below which <paramref name="quantile"/> (0..1) of the recordings lie, in milliseconds, as
    /// the middle of its bucket and never above the maximum; null when nothing was recorded.
    /// </summary>
    public double? Percentile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(quantile, 0, 1) * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = Bucket(i);
                return Math.Min(low + ((width - 1) / 2.0), _maxMicros) / 1000.0;
            }
        }

        return MaxMs;
    }

    private static int Index(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        // Shift so the top 7 bits remain: 64..127; each shift is one octave of 64 buckets.
        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)micros) - 6, Octaves);
        if (shift >= Octaves)
        {
            return Linear + (Octaves * PerOctave) - 1;
        }

        return Linear + ((shift - 1) * PerOctave) + (int)((micros >> shift) - PerOctave);
    }

    private static (long Low, long Width) Bucket(int index)
    {
        if (index < Linear)
        {
            return (index, 1);
        }

        var shift = ((index - Linear) / PerOctave) + 1;
        var mantissa = ((index - Linear) % PerOctave) + PerOctave;
        return ((long)mantissa << shift, 1L << shift);
    }
}
