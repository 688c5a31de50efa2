using Pilotlight.Core.Durations;

namespace Pilotlight.Core.Tests.Durations;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("30s", 0, 0, 30, 0)]
    [InlineData("5m", 0, 5, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("1h30m15s250ms", 1, 30, 15, 250)]
    [InlineData("90m", 1, 30, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    [InlineData(" 2h ", 2, 0, 0, 0)]
    public void TryParse_Valid_ReturnsValue(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        DurationText.TryParse(text, out var value, out var error).ShouldBeTrue(error);
        value.ShouldBe(new TimeSpan(0, hours, minutes, seconds, milliseconds));
    }

    [Fact]
    public void TryParse_Days_ReturnsValue()
    {
        DurationText.TryParse("2d12h", out var value, out _).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromHours(60));
    }

    [Theory]
    [InlineData("", "empty duration")]
    [InlineData("   ", "empty duration")]
    [InlineData("5", "'5' has no unit after 5")]
    [InlineData("-5m", "negative duration '-5m'")]
    [InlineData("5 m", "'5 m' has no unit after 5")]
    [InlineData("m5", "'m5' is not a duration")]
    [InlineData("5M", "'5M' has no unit after 5")]
    [InlineData("5min", "'5min' has an unknown unit 'min' (units: d, h, m, s, ms)")]
    [InlineData("1.5h", "'1.5h' has no unit after 1")]
    [InlineData("30m1h", "'30m1h' repeats or misorders its units")]
    [InlineData("1m1m", "'1m1m' repeats or misorders its units")]
    [InlineData("3651d", "'3651d' is longer than 3650d")]
    [InlineData("99999999999999999999s", "'99999999999999999999s' is too long a duration")]
    public void TryParse_Invalid_SaysWhy(string text, string expected)
    {
        DurationText.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("500ms")]
    [InlineData("2d3h4m5s6ms")]
    [InlineData("0s")]
    public void Format_RoundTrips(string text)
    {
        DurationText.TryParse(text, out var value, out _).ShouldBeTrue();
        DurationText.Format(value).ShouldBe(text);
    }

    [Fact]
    public void Format_NormalisesOverflowingUnits() => DurationText.Format(TimeSpan.FromMinutes(90)).ShouldBe("1h30m");
}
