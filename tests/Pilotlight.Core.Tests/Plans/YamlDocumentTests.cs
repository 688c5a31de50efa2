namespace Pilotlight.Core.Tests.Plans;

public sealed class YamlDocumentTests
{
    [Fact]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        var text = SamplePlans.With(
            "  eu:\n    pilot: { min: 0, desired: 0, max: 3 }\n    full: { min: 1, desired: 2, max: 3 }",
            "  eu:\n    pilot: &pilot { min: 0, desired: 0, max: 3 }\n    full: &full { min: 1, desired: 2, max: 3 }")
            .Replace("  dr:\n    pilot: { min: 0, desired: 0, max: 3 }\n    full: { min: 1, desired: 2, max: 3 }", "  dr:\n    pilot: *pilot\n    full: *full", StringComparison.Ordinal);

        var result = SamplePlans.Parse(text);

        result.Problems.ShouldBeEmpty();
        result.Plan!.Capacity["dr"].Full.Max.ShouldBe(3);
    }

    [Fact]
    public void Parse_UnknownAlias_IsMalformed()
    {
        var result = SamplePlans.Parse(SamplePlans.With("  dr:\n    pilot: { min: 0, desired: 0, max: 3 }", "  dr:\n    pilot: *nothing"));

        result.Problems.Select(p => p.ToString()).ShouldBe(["plan.yaml:27:12: malformed YAML: alias *nothing names no anchor defined before it"]);
    }

    [Fact]
    public void Parse_QuotedNumber_IsNotANumber()
    {
        var result = SamplePlans.Parse(SamplePlans.With("port: 5433", "port: \"5433\""));

        result.Problems.Select(p => p.ToString()).ShouldBe(["plan.yaml:16:17: database.config.dr.port: '5433' is not a whole number; expected a whole number from 1 to 65535"]);
    }

    [Fact]
    public void Parse_EmptyValue_IsMissing()
    {
        var result = SamplePlans.Parse(SamplePlans.With("rto: 30m", "rto:"));

        result.Problems.Select(p => p.ToString()).ShouldBe(["plan.yaml:3:7: objectives.rto: is missing; expected a duration such as 500ms, 30s, 5m or 1h30m"]);
    }

    [Fact]
    public void Parse_ManyProblems_AllReportedInFileOrder()
    {
        var text = SamplePlans.With("name: shop§rto: 30m§port: 5433§policy: automatic", "name: Shop§rto: 30§port: 0§policy: sometimes");

        var result = SamplePlans.Parse(text);

        result.Problems.Select(p => p.Position!.Value.Line).ShouldBe([1, 3, 16, 42]);
    }
}
