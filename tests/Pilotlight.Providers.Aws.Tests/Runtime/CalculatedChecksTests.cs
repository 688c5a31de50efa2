using Pilotlight.Providers.Aws.Client.Route53;
using Pilotlight.Providers.Aws.Runtime;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

public sealed class CalculatedChecksTests
{
    [Theory]
    [InlineData("CALCULATED", 0, 0, false, false, "Healthy")]
    [InlineData("CALCULATED", 1, 0, false, false, "Unhealthy")]
    [InlineData("CALCULATED", 2, 1, false, false, "Unhealthy")]
    [InlineData("CALCULATED", 1, 1, false, false, "ByChildren")]
    [InlineData("CALCULATED", 1, 0, true, false, "Healthy")]
    [InlineData("CALCULATED", 0, 0, true, false, "Unhealthy")]
    [InlineData("CALCULATED", 1, 0, false, true, "Healthy")]
    [InlineData("HTTP", 0, 0, false, false, "ByChildren")]
    public void Of_TheConfigurationAlone(string type, int threshold, int children, bool inverted, bool disabled, string expected) =>
        CalculatedChecks.Of(new HealthCheck
        {
            Id = "x", Type = type, HealthThreshold = threshold, Inverted = inverted, Disabled = disabled,
            ChildHealthChecks = [.. Enumerable.Range(0, children).Select(i => $"child-{i}")],
        }).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("Healthy", "Healthy", "a")]
    [InlineData("Healthy", "Unhealthy", "a")]
    [InlineData("Unhealthy", "Healthy", "b")]
    [InlineData("Unhealthy", "Unhealthy", "a")]
    [InlineData("ByChildren", "Unhealthy", "a")]
    [InlineData("ByChildren", "Healthy", null)]
    [InlineData("Unhealthy", "ByChildren", null)]
    public void Answered_ByRoute53sFailoverRules(string primary, string secondary, string? expected) =>
        CalculatedChecks.Answered("a", Enum.Parse<ForcedHealth>(primary), "b", Enum.Parse<ForcedHealth>(secondary)).ShouldBe(expected);
}
