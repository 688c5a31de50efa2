using System.Text.Json;

namespace Pilotlight.Cli.Tests;

/// <summary>With --json every failure is one JSON document on standard output: <c>{ok: false, error, exit_code}</c>.</summary>
public sealed class JsonErrorTests
{
    [Theory]
    [InlineData(64, "unknown command 'vaildate' (did you mean 'validate'?)", "vaildate", "--json")]
    [InlineData(64, "unknown option '--jsn' (did you mean '--json'?)", "status", "--jsn", "--json")]
    [InlineData(64, "a command is needed", "--json")]
    [InlineData(64, "--base-port must be from 1024 to 65000", "lab", "up", "--base-port", "80", "--json")]
    [InlineData(2, "nope.yaml: no such plan file", "status", "nope.yaml", "--json")]
    public async Task Failure_OneJsonDocument_WithItsExitCode(int code, string error, params string[] args)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, args);

        run.ExitCode.ShouldBe(code, run.Error);
        var document = Single(run.Out);
        document.GetProperty("ok").GetBoolean().ShouldBeFalse();
        document.GetProperty("error").GetString().ShouldBe(error);
        document.GetProperty("exit_code").GetInt32().ShouldBe(code);
    }

    [Fact]
    public async Task LabCommandFailure_CarriesExitCode1()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "lab", "status", "--state-dir", "no-lab-here", "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        var document = Single(run.Out);
        document.GetProperty("exit_code").GetInt32().ShouldBe(1);
        document.GetProperty("error").GetString()!.ShouldContain("no lab in");
    }

    [Fact]
    public async Task InternalError_OneJsonDocument_Exit1()
    {
        using var dir = new TempDirectory();
        using var output = new FailsOnceWriter();

        var run = await CliRun.RunAsync(dir.Path, output, CancellationToken.None, "version", "--json");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("pilotlight: internal error: IOException: standard output failed once");
        var document = Single(run.Out);
        document.GetProperty("error").GetString().ShouldBe("internal error: IOException: standard output failed once");
        document.GetProperty("exit_code").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Cancelled_OneJsonDocument_Exit130()
    {
        using var dir = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var run = await CliRun.RunAsync(dir.Path, null, cancelled.Token, "status", "nope.yaml", "--json");

        run.ExitCode.ShouldBe(130);
        run.Error.ShouldEndWith("pilotlight: cancelled\n");
        // status wrote its own error document: the cancellation adds no second one.
        Single(run.Out).GetProperty("exit_code").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Cancelled_WithoutOutput_TheCancelledDocument()
    {
        using var dir = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var run = await CliRun.RunAsync(dir.Path, null, cancelled.Token, "lab", "up", "--state-dir", "lab", "--base-port", "29590", "--json");

        run.ExitCode.ShouldBe(130, run.Error);
        run.Error.ShouldEndWith("pilotlight: cancelled\n");
        var document = Single(run.Out);
        document.GetProperty("error").GetString().ShouldBe("cancelled");
        document.GetProperty("exit_code").GetInt32().ShouldBe(130);
    }

    private static JsonElement Single(string output)
    {
        // Exactly one document: parsing fails on anything after it.
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    /// <summary>A standard output whose first line fails, as a full disk or a closed pipe would.</summary>
    private sealed class FailsOnceWriter : StringWriter
    {
        private bool _failed;

        public override void WriteLine(string? value)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("standard output failed once");
            }

            base.WriteLine(value);
        }
    }
}
