namespace Pilotlight.Cli.Tests.Commands;

/// <summary>The named plan is the plan that runs; a missing or invalid plan is exit 2 for every plan-driven command.</summary>
public sealed class PlanTargetTests
{
    [Fact]
    public async Task History_AnyPlan_NoExecutionsYet_StateBesideThePlan()
    {
        using var dir = new TempDirectory();
        dir.File("orders.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "aws.yaml")));

        var run = await CliRun.RunAsync(dir.Path, "history", "orders.yaml");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Trim().ShouldBe("no executions yet");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("failover")]
    [InlineData("watch")]
    public async Task PlanDrivenCommand_MissingPlanPath_Exit2OneClearLine(string command)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, command, "nope.yaml");

        run.ExitCode.ShouldBe(2);
        run.ErrorLines.ShouldHaveSingleItem().ShouldEndWith("nope.yaml: no such plan file");
    }

    [Fact]
    public async Task Status_InvalidPlan_Exit2WithItsProblems()
    {
        using var dir = new TempDirectory();
        dir.File("bad.yaml", "version: 1\nname: x\n");

        var run = await CliRun.RunAsync(dir.Path, "status", "bad.yaml");

        run.ExitCode.ShouldBe(2);
        run.ErrorLines.ShouldNotBeEmpty();
        run.ErrorLines.ShouldAllBe(l => l.StartsWith("pilotlight status: bad.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_StateDirectoryWithoutPlan_Exit2SaysSo()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "status", "--state-dir", "empty");

        run.ExitCode.ShouldBe(2);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("pilotlight status: no plan: neither ./pilotlight.yaml nor the default lab's ");
    }
}
