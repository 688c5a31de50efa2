using System.Text.Json;

namespace Pilotlight.Cli.Tests.Commands;

public sealed class InitCommandTests
{
    [Theory]
    [InlineData("--aws", "aws.yaml")]
    [InlineData("--aws-ecs", "aws-ecs.yaml")]
    [InlineData("--lab", "lab.yaml")]
    [InlineData("--self-hosted", "self-hosted.yaml")]
    public async Task Init_ThenValidate_ExitsZero(string flag, string example)
    {
        using var dir = new TempDirectory();

        var init = await CliRun.RunAsync(dir.Path, "init", flag, "x.yaml");
        var validate = await CliRun.RunAsync(dir.Path, "validate", "x.yaml");

        init.ExitCode.ShouldBe(0, init.Error);
        init.Out.ShouldBe($"x.yaml: wrote the {flag[2..]} sample plan; check it with: pilotlight validate x.yaml\n");
        validate.ExitCode.ShouldBe(0, validate.Error);
        File.ReadAllText(dir.File("x.yaml")).ShouldBe(File.ReadAllText(Path.Combine(Repository.Root, "examples", example)));
    }

    [Fact]
    public async Task Init_NoFlag_WritesLabPlanToPilotlightYaml()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "init");

        run.ExitCode.ShouldBe(0);
        File.ReadAllText(dir.File("pilotlight.yaml")).ShouldContain("provider: haproxy");
    }

    [Fact]
    public async Task Init_ExistingFile_RefusesAndKeepsIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.yaml", "mine\n");

        var run = await CliRun.RunAsync(dir.Path, "init", "--aws", "x.yaml");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldBe(["x.yaml: already exists; expected a new file (or --force to overwrite it)"]);
        File.ReadAllText(path).ShouldBe("mine\n");
    }

    [Fact]
    public async Task Init_Force_Overwrites()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.yaml", "mine\n");

        var run = await CliRun.RunAsync(dir.Path, "init", "--aws", "--force", "x.yaml");

        run.ExitCode.ShouldBe(0);
        File.ReadAllText(path).ShouldContain("aws-route53");
    }

    [Fact]
    public async Task Init_Json_Shape()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "init", "--aws", "x.yaml", "--json");

        run.ExitCode.ShouldBe(0);
        using var doc = JsonDocument.Parse(run.Out);
        doc.RootElement.GetProperty("file").GetString().ShouldBe("x.yaml");
        doc.RootElement.GetProperty("template").GetString().ShouldBe("aws");
        doc.RootElement.GetProperty("written").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Init_MissingDirectory_OneLineAndExitOne()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "init", "no/such/x.yaml");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("no/such/x.yaml: directory ");
    }
}
