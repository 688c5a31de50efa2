namespace Pilotlight.Cli.Tests.Commands;

public sealed class UsageTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate --nope")]
    [InlineData("init --lab --aws")]
    [InlineData("validate a.yaml b.yaml")]
    public async Task BadCommandLine_OneLineAndExit64(string commandLine)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, commandLine.Split(' '));

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("pilotlight");
        run.Error.ShouldEndWith(" --help\n");
        run.Error.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "--help");

        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("validate");
        run.Out.ShouldContain("init");
    }
}
