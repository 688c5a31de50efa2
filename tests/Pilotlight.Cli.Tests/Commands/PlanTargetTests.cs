namespace Pilotlight.Cli.Tests.Commands;

public sealed class PlanTargetTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("failover")]
    [InlineData("watch")]
    public async Task PlanDrivenCommand_DefaultPlanIsNotALab_OneClearLine(string command)
    {
        using var dir = new TempDirectory();
        dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "aws.yaml")));

        var run = await CliRun.RunAsync(dir.Path, command);

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("pilotlight.yaml: not a lab's plan (no lab.json beside it)");
    }

    [Fact]
    public async Task Status_MissingPlanPath_OneClearLine()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "status", "nope.yaml");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldBe(["pilotlight status: nope.yaml: no such plan file"]);
    }

    [Fact]
    public async Task Status_StateDirectoryWithoutLab_OneClearLine()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "status", "--state-dir", "empty");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("pilotlight status: no lab in ");
    }
}
