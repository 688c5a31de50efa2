using Pilotlight.Core.Ledger;

namespace Pilotlight.Core.Tests.Ledger;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_OfOneToTenThousandMicroseconds_AreWithinTwoPercent()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 10_000; us++)
        {
            histogram.Record(us / 1000.0);
        }

        histogram.Count.ShouldBe(10_000);
        histogram.Percentile(0.5)!.Value.ShouldBe(5.0, tolerance: 5.0 * 0.02);
        histogram.Percentile(0.9)!.Value.ShouldBe(9.0, tolerance: 9.0 * 0.02);
        histogram.Percentile(0.99)!.Value.ShouldBe(9.9, tolerance: 9.9 * 0.02);
        histogram.MaxMs.ShouldBe(10.0);
        histogram.Percentile(1.0)!.Value.ShouldBeLessThanOrEqualTo(10.0);
    }

    [Fact]
    public void Percentile_OfAFewOutliers_FindsThem()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 98; i++)
        {
            histogram.Record(2);
        }

        histogram.Record(1500);
        histogram.Record(1500);

        histogram.Percentile(0.5)!.Value.ShouldBe(2, tolerance: 0.04);
        histogram.Percentile(0.98)!.Value.ShouldBe(2, tolerance: 0.04);
        histogram.Percentile(0.99)!.Value.ShouldBe(1500, tolerance: 1500 * 0.02);
    }

    [Fact]
    public void Percentile_Empty_IsNull_AndSmallValuesAreExact()
    {
        var histogram = new LatencyHistogram();
        histogram.Percentile(0.5).ShouldBeNull();

        histogram.Record(0.042);
        histogram.Percentile(0.5).ShouldBe(0.042);
    }

    [Fact]
    public void Add_MergesCountsAndMax()
    {
        var one = new LatencyHistogram();
        var two = new LatencyHistogram();
        one.Record(1);
        two.Record(100);
        two.Record(100);

        one.Add(two);

        one.Count.ShouldBe(3);
        one.MaxMs.ShouldBe(100);
        one.Percentile(0.5)!.Value.ShouldBe(100, tolerance: 2);
    }
}
