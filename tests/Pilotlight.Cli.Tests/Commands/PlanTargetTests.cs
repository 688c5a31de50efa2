namespace Pilotlight.Cli.Tests.Commands;

/// <summary>The named plan is the plan that runs; a missing or invalid plan is exit 2 for every plan-driven command.</summary>
public sealed class PlanTargetTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("failover", "--dry-run")]
    [InlineData("watch")]
    public async Task PlanDrivenCommand_ProviderWithoutRuntime_OneLineNamingIt_NeverTheLab(params string[] command)
    {
        using var dir = new TempDirectory();
        // aws-aurora-global validates plans but has no runtime provider yet.
        dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "aws.yaml")).Replace(
            """
              provider: aws-rds
              config:
                eu: { instance: shop-db-eu, instance_class: db.r6g.large }
                us: { instance: shop-db-us-replica, instance_class: db.r6g.large }
            """,
            """
              provider: aws-aurora-global
              config:
                global_cluster: shop-global
                eu: { cluster: shop-eu }
                us: { cluster: shop-us }
            """,
            StringComparison.Ordinal));

        var run = await CliRun.RunAsync(dir.Path, command);

        run.ExitCode.ShouldBe(1, run.Error);
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldContain("provider 'aws-aurora-global'");
        line.ShouldContain("cannot act yet");
        line.ShouldNotContain("lab");
    }

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
