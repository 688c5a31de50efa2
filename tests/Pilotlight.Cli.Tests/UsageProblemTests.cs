namespace Pilotlight.Cli.Tests;

/// <summary>One contract for a wrong command line at every level: one line naming the command, "did you mean", exit 64.</summary>
public sealed class UsageProblemTests
{
    [Theory]
    [InlineData("vaildate", "pilotlight: unknown command 'vaildate' (did you mean 'validate'?); see pilotlight --help")]
    [InlineData("lab stauts", "pilotlight lab: unknown command 'stauts' (did you mean 'status'?); see pilotlight lab --help")]
    [InlineData("status --jsn", "pilotlight status: unknown option '--jsn' (did you mean '--json'?); see pilotlight status --help")]
    [InlineData("lab up --bsae-port 1", "pilotlight lab up: unknown option '--bsae-port' (did you mean '--base-port'?); see pilotlight lab up --help")]
    [InlineData("--jsn", "pilotlight: unknown option '--jsn' (did you mean '--json'?); see pilotlight --help")]
    [InlineData("watch plan.yaml --frce", "pilotlight watch: unknown option '--frce' (did you mean '--force'?); see pilotlight watch --help")]
    [InlineData("lab down --state-dri x", "pilotlight lab down: unknown option '--state-dri' (did you mean '--state-dir'?); see pilotlight lab down --help")]
    [InlineData("frobnicate", "pilotlight: unknown command 'frobnicate'; see pilotlight --help")]
    [InlineData("validate a.yaml b.yaml", "pilotlight validate: unexpected argument 'b.yaml'; see pilotlight validate --help")]
    public async Task WrongCommandLine_OneLineWithDidYouMean_Exit64(string commandLine, string expected)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, commandLine.Split(' '));

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe(expected);
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("status", "--jsn")]
    [InlineData("failover", "--dry-rnu")]
    [InlineData("history", "-x")]
    public async Task OptionLikeToken_IsNeverTakenForThePlan(params string[] args)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, args);

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"pilotlight {args[0]}: unknown option '{args[1]}'");
        run.Error.ShouldNotContain("plan");
    }

    [Fact]
    public async Task DoubleDash_ThenADashedName_IsThePlan()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "status", "--", "-odd.yaml");

        run.ExitCode.ShouldBe(2, run.Error);
        run.ErrorLines.ShouldHaveSingleItem().ShouldEndWith("-odd.yaml: no such plan file");
    }

    [Theory]
    [InlineData("lab up --base-port abc", "pilotlight lab up: ", "--base-port")]
    [InlineData("lab up --base-port 80", "pilotlight lab up: ", "--base-port must be from 1024 to 65000")]
    [InlineData("demo --base-port 70000", "pilotlight demo: ", "--base-port must be from 1024 to 65000")]
    [InlineData("lab disaster", "pilotlight lab disaster: ", "SITE")]
    [InlineData("lab disaster c", "pilotlight lab disaster: ", "'c'")]
    public async Task BadValueOrMissingArgument_OneLineExit64(string commandLine, string prefix, string mention)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, commandLine.Split(' '));

        run.ExitCode.ShouldBe(64);
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith(prefix);
        line.ShouldContain(mention);
        line.ShouldNotContain("Exception");
    }

    [Theory]
    [InlineData]
    [InlineData("lab")]
    [InlineData("bench")]
    public async Task NoCommand_TheHelpOnStandardError_Exit64(params string[] args)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, args);

        run.ExitCode.ShouldBe(64);
        run.Error.ShouldContain("Usage:");
        // In-process the root is named after the test host; ./pilotlight's is pilotlight.
        run.Error.ShouldContain($" {string.Join(' ', args)} [command] [options]".Replace("  ", " ", StringComparison.Ordinal));
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_ListsEveryCommand_Exit0(string help)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, help);

        run.ExitCode.ShouldBe(0, run.Error);
        foreach (var command in new[] { "validate", "init", "lab", "demo", "status", "watch", "failover", "history", "approve", "deny", "bench", "help", "version" })
        {
            run.Out.ShouldContain($"  {command} ");
        }

        run.Out.ShouldNotContain("supervise");
    }

    [Fact]
    public async Task HelpOfACommand_IsThatCommandsHelp()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "help", "lab", "up");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain(" lab up [options]");
        run.Out.ShouldContain("--base-port");
    }

    [Fact]
    public async Task HelpOfAnUnknownCommand_DidYouMean_Exit64()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "help", "lab", "stauts");

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("pilotlight lab: unknown command 'stauts' (did you mean 'status'?); see pilotlight lab --help");
    }

    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task Version_PilotlightAndTheVersion_Exit0(string version)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, version);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldMatch(@"^pilotlight \d+\.\d+\.\d+\S*\n$");
        run.Error.ShouldBeEmpty();
    }
}
