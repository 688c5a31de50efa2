using Pilotlight.Core.Plans.Validation;

namespace Pilotlight.Core.Tests.Plans;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("sitse", "sites")]
    [InlineData("postgress", "postgres")]
    [InlineData("Sites", "sites")]
    [InlineData("helath", "health")]
    public void Closest_NearMiss_Suggests(string given, string expected) =>
        Suggestions.Closest(given, ["sites", "postgres", "health", "name"]).ShouldBe(expected);

    [Theory]
    [InlineData("banana")]
    [InlineData("x")]
    public void Closest_FarFromEverything_SuggestsNothing(string given) =>
        Suggestions.Closest(given, ["sites", "postgres", "health"]).ShouldBeNull();

    [Fact]
    public void Distance_CountsATranspositionAsOneEdit() => Suggestions.Distance("stie", "site").ShouldBe(1);
}
