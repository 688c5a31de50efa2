namespace Pilotlight.Cli.Tests.Commands;

/// <summary>
/// examples/self-hosted.yaml names hosts that do not exist here: every plan-driven command still answers, with a
/// reason per site and resource and its documented exit code — never "not a lab's plan".
/// </summary>
public sealed class SelfHostedExampleTests
{
    private static TempDirectory Example()
    {
        var dir = new TempDirectory();
        dir.File("orders.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "self-hosted.yaml")));
        var script = dir.File("systemd-units.sh", File.ReadAllText(Path.Combine(Repository.Root, "examples", "systemd-units.sh")));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    [Fact]
    public async Task Status_HostsUnreachable_NotReady_Exit3_AReasonPerResource()
    {
        using var dir = Example();

        var run = await CliRun.RunAsync(dir.Path, "status", "orders.yaml");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldStartWith("NOT READY: site b cannot take over: ");
        run.Out.ShouldContain("NO  database  replica unreachable: password file /etc/pilotlight/orders.pgpass-word: not found");
        run.Out.ShouldContain("NO  compute   site b's compute cannot be asked: compute command 'version' for site b exited");
        run.Out.ShouldContain("NO  traffic   the entry cannot be asked: haproxy admin address lb.example.internal:9999:");
        run.Out.ShouldContain("NO  secrets   secrets missing in site b");
        run.Out.ShouldContain("ok  capacity  full capacity 2/3/4");
        (run.Out + run.Error).ShouldNotContain("not a lab");
    }

    [Fact]
    public async Task FailoverDryRun_TheStepGraph_Exit0()
    {
        using var dir = Example();

        var run = await CliRun.RunAsync(dir.Path, "failover", "orders.yaml", "--dry-run");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("failover a->b (dry run: nothing is done)");
        run.Out.ShouldContain("the postgres replica in b is promoted after a is fenced");
        run.Out.ShouldContain("scale-compute");
        Directory.Exists(Path.Combine(dir.Path, ".pilotlight")).ShouldBeFalse("a dry run writes nothing");
    }

    [Fact]
    public async Task History_NoExecutionsYet_Exit0()
    {
        using var dir = Example();

        var run = await CliRun.RunAsync(dir.Path, "history", "orders.yaml");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Trim().ShouldBe("no executions yet");
    }

    [Fact]
    public async Task Watch_HostsUnreachable_ReportsWhyAndKeepsWatching_UntilCancelled()
    {
        using var dir = Example();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        using var output = new StringWriter();

        var run = await CliRun.RunAsync(dir.Path, output, stop.Token, "watch", "orders.yaml");

        run.ExitCode.ShouldBe(130, run.Out + run.Error);
        run.Out.ShouldContain("watching site a: entry, direct every 2000 ms");
        run.Out.ShouldContain("NOT READY: database: replica unreachable: password file");
        run.Error.ShouldContain("cancelled");
        (run.Out + run.Error).ShouldNotContain("not a lab");
        File.Exists(Path.Combine(dir.Path, ".pilotlight", "orders", "execution.lock")).ShouldBeTrue("its state lives in the plan's state_dir");
    }
}
