using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;
using Pilotlight.Providers.Postgres.Switchover;

namespace Pilotlight.Providers.Postgres.Tests.Switchover;

/// <summary>Scripts on a server's host: given on standard input, so values survive any executor prefix unchanged.</summary>
public sealed class HostScriptTests
{
    private const string Awkward = "it's a \"value\" with $HOME, `ticks`, \\ and\ttabs";

    [Fact]
    public async Task CommandRunner_StandardInput_ReachesTheCommand()
    {
        var result = await CommandRunner.RunAsync("sh", ["-s"], TimeSpan.FromSeconds(10), CancellationToken.None, standardInput: "printf '%s' \"$((6 * 7))\"\n");

        result.Succeeded.ShouldBeTrue(result.LastLine);
        result.Output.Trim().ShouldBe("42");
    }

    [Fact]
    public async Task CommandRunner_CommandThatReadsNoInput_ExitCodeStillReported()
    {
        var result = await CommandRunner.RunAsync("false", [], TimeSpan.FromSeconds(10), CancellationToken.None, standardInput: new string('x', 1 << 20));

        result.ExitCode.ShouldBe(1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sh -c 'exec \"$@\"' sh")]
    [InlineData("env LC_ALL=C")]
    public async Task RunAsync_ValuesWithQuotesAndDollars_ArriveUnchangedThroughThePrefix(string? executor)
    {
        var host = new ServerHost
        {
            Site = "a",
            BinDir = "/usr/lib/postgresql/15/bin",
            DataDir = Path.GetTempPath(),
            Executor = executor is null ? null : ServerCommand.Parse(executor, out _),
        };

        var result = await HostScript.RunAsync(host, """printf '%s|%s' "$value" "$PGPASSWORD" """, new Dictionary<string, string> { ["value"] = Awkward }, TimeSpan.FromSeconds(10), CancellationToken.None, password: "pw'$x");

        result.Succeeded.ShouldBeTrue(result.LastLine);
        result.Output.TrimEnd('\n').ShouldBe($"{Awkward}|pw'$x");
    }

    [Fact]
    public void Describe_FailedScript_PasswordMasked()
    {
        var result = new CommandResult(1, "", "connection to server failed: password s3cret rejected\n", TimedOut: false);

        HostScript.Describe(result, TimeSpan.FromSeconds(1), "s3cret").ShouldBe("connection to server failed: password ******** rejected");
    }
}
