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
    public async Task Status_AwsPlanWithoutCredentials_NotReady_EachCheckSaysSo_NeverAnInternalError()
    {
        using var dir = new TempDirectory();
        dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "aws.yaml")));
        var credentialsFile = Path.Combine(dir.Path, "no-credentials");
        // A process of its own: the AWS SDK reads its environment and files once per process.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir.Path };
        start.ArgumentList.Add(typeof(PilotlightCommand).Assembly.Location);
        start.ArgumentList.Add("status");
        foreach (var name in (string[])["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile;
        start.Environment["AWS_CONFIG_FILE"] = credentialsFile;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // by its PID
            }
        }

        process.ExitCode.ShouldBe(3, await error); // NOT READY
        var report = await output + await error;
        report.ShouldStartWith("NOT READY: site us cannot take over: ");
        foreach (var resource in (string[])["database", "objects", "compute", "traffic", "secrets"])
        {
            report.Split('\n').ShouldContain(l => l.StartsWith($"  NO  {resource}", StringComparison.Ordinal) && l.Contains("no AWS credentials: set AWS_ACCESS_KEY_ID", StringComparison.Ordinal), $"the {resource} check says why");
        }

        report.ShouldNotContain("internal error");
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
