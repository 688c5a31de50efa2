using System.Text;
using System.Text.Json;

namespace Pilotlight.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Theory]
    [InlineData("examples/lab.yaml")]
    [InlineData("examples/aws.yaml")]
    [InlineData("examples/aws-ecs.yaml")]
    public async Task Validate_Example_ExitsZeroWithOneLineSummary(string example)
    {
        var run = await CliRun.RunAsync(Repository.Root, "validate", example);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        run.Out.TrimEnd('\n').ShouldNotContain("\n");
        run.Out.ShouldStartWith($"{example}: valid: plan '");
        run.Out.ShouldContain("next 2026-12-07 00:05 +00:00");
    }

    [Fact]
    public async Task Validate_InvalidPlan_ExitsTwoAndListsEveryProblem()
    {
        using var dir = new TempDirectory();
        var text = File.ReadAllText(Path.Combine(Repository.Root, "examples/aws.yaml"))
            .Replace("rto: 30m", "rto: 30", StringComparison.Ordinal)
            .Replace("desired: 2, max: 3, type: on-demand }\n  us:", "desired: 5, max: 3, type: on-demand }\n  us:", StringComparison.Ordinal);
        dir.File("plan.yaml", text);

        var run = await CliRun.RunAsync(dir.Path, "validate", "plan.yaml");

        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.ErrorLines.ShouldBe(
        [
            "plan.yaml:8:8: objectives.rto: '30' has no unit after 30; expected a duration such as 500ms, 30s, 5m or 1h30m",
            "plan.yaml:41:30: compute.eu.full.desired: 5 exceeds max 3",
            "plan.yaml: 2 problems",
        ]);
    }

    [Fact]
    public async Task Validate_Json_ValidPlanShape()
    {
        var run = await CliRun.RunAsync(Repository.Root, "validate", "examples/aws.yaml", "--json");

        run.ExitCode.ShouldBe(0);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        root.GetProperty("file").GetString().ShouldBe("examples/aws.yaml");
        root.GetProperty("valid").GetBoolean().ShouldBeTrue();
        root.GetProperty("problems").GetArrayLength().ShouldBe(0);
        var plan = root.GetProperty("plan");
        plan.GetProperty("name").GetString().ShouldBe("shop");
        plan.GetProperty("rto").GetString().ShouldBe("30m");
        plan.GetProperty("rpo").GetString().ShouldBe("5m");
        plan.GetProperty("sites")[0].GetProperty("region").GetString().ShouldBe("eu-west-1");
        plan.GetProperty("sites")[1].GetProperty("role").GetString().ShouldBe("standby");
        plan.GetProperty("failover").GetProperty("policy").GetString().ShouldBe("approval");
        plan.GetProperty("drills")[0].GetProperty("next").GetString().ShouldBe("2026-12-07T00:05:00+00:00");
        plan.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("provider").GetString())
            .ShouldBe(["aws-rds", "aws-s3", "aws-asg", "aws-route53", "aws-secrets-manager"]);
    }

    [Fact]
    public async Task Validate_Json_InvalidPlanShape()
    {
        using var dir = new TempDirectory();
        dir.File("plan.yaml", "name: shop\nsitse: []\n");

        var run = await CliRun.RunAsync(dir.Path, "validate", "--json", "plan.yaml");

        run.ExitCode.ShouldBe(2);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        root.GetProperty("valid").GetBoolean().ShouldBeFalse();
        root.GetProperty("plan").ValueKind.ShouldBe(JsonValueKind.Null);
        var problem = root.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("path").GetString() == "sitse");
        problem.GetProperty("line").GetInt32().ShouldBe(2);
        problem.GetProperty("column").GetInt32().ShouldBe(1);
        problem.GetProperty("problem").GetString().ShouldBe("unknown key (did you mean 'sites'?)");
        problem.GetProperty("expected").GetString()!.ShouldStartWith("one of version, name, state_dir, objectives, sites");
        problem.GetProperty("message").GetString()!.ShouldStartWith("plan.yaml:2:1: sitse: unknown key (did you mean 'sites'?); expected one of");
    }

    public static TheoryData<string, Func<TempDirectory, string>, string> BadFiles => new()
    {
        { "missing file", _ => "nope.yaml", "nope.yaml: no such file; expected a plan file (pilotlight init writes one)" },
        { "directory", d => { Directory.CreateDirectory(Path.Combine(d.Path, "plans")); return "plans"; }, "plans: is a directory; expected a plan file such as pilotlight.yaml" },
        { "empty file", d => { d.File("p.yaml", ""); return "p.yaml"; }, "p.yaml:1:1: the file is empty; expected a plan (pilotlight init writes a sample)" },
        { "only comments", d => { d.File("p.yaml", "# nothing\n\n"); return "p.yaml"; }, "p.yaml:1:1: the file holds no YAML document; expected a plan (pilotlight init writes a sample)" },
        { "binary garbage", d => { File.WriteAllBytes(Path.Combine(d.Path, "p.yaml"), [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]); return "p.yaml"; }, "p.yaml:1:7: binary data (a NUL byte at offset 6); expected a YAML text file" },
        { "latin-1 text", d => { File.WriteAllBytes(Path.Combine(d.Path, "p.yaml"), [.. "name: caf"u8, 0xe9, 0x0a]); return "p.yaml"; }, "p.yaml:1:10: not UTF-8 text (an invalid byte at offset 9); expected a YAML text file in UTF-8" },
        { "50 MB file", d => { using (var f = File.Create(Path.Combine(d.Path, "big.yaml"))) { f.SetLength(50L * 1024 * 1024); } return "big.yaml"; }, "big.yaml: is 50 MiB, too large for a plan; expected at most 1 MiB" },
        { "malformed YAML", d => { d.File("p.yaml", "name: shop\nsites: [a, b\n"); return "p.yaml"; }, "p.yaml:3:1: malformed YAML: While parsing a flow sequence, did not find expected ',' or ']'" },
        { "a scalar document", d => { d.File("p.yaml", "just words\n"); return "p.yaml"; }, "p.yaml:1:1: the document is 'just words'; expected a mapping with name, objectives, sites and resources (pilotlight init writes a sample)" },
        { "two documents", d => { d.File("p.yaml", "name: a\n---\nname: b\n"); return "p.yaml"; }, "p.yaml:2:1: a second YAML document starts here; expected one document per plan file" },
        { "deep nesting", d => { d.File("p.yaml", new string('[', 200) + new string(']', 200)); return "p.yaml"; }, "p.yaml:1:66: malformed YAML: nesting deeper than 64 levels" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Validate_BadFile_OneClearLineAndExitTwo(string name, Func<TempDirectory, string> make, string expected)
    {
        using var dir = new TempDirectory();
        var file = make(dir);

        var run = await CliRun.RunAsync(dir.Path, "validate", file);

        run.ExitCode.ShouldBe(2, name);
        run.Out.ShouldBeEmpty(name);
        run.ErrorLines.ShouldBe([expected], name);
    }

    [Fact]
    public async Task Validate_NoFileArgument_ReadsPilotlightYamlInWorkingDirectory()
    {
        using var dir = new TempDirectory();
        dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples/aws.yaml"), Encoding.UTF8));

        var run = await CliRun.RunAsync(dir.Path, "validate");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("pilotlight.yaml: valid: plan 'shop'");
    }
}
