using System.Diagnostics;
using System.Text;
using Pilotlight.Processes;

namespace Pilotlight.Cli.Tests;

/// <summary>
/// Ctrl-C on the real process: once, or twice quickly (a second press used to throw ObjectDisposedException, rc 134),
/// ends the command with one "cancelled" line and exit code 130. Each test has its own lab ports (29500-29599).
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public Task LabUp_CtrlCOnce_CancelledExit130() => CtrlCDuringLabUpAsync(basePort: 29500, presses: 1);

    [Fact]
    public Task LabUp_CtrlCTwiceQuickly_CancelledExit130_NoObjectDisposedException() => CtrlCDuringLabUpAsync(basePort: 29530, presses: 2);

    private static async Task CtrlCDuringLabUpAsync(int basePort, int presses)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var dir = new TempDirectory();
        var stateDir = Path.Combine(dir.Path, "lab");
        using var cli = Start("lab", "up", "--state-dir", stateDir, "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var record = ProcessRecord.Of(cli.Process.Id, "pilotlight lab up") ?? throw new InvalidOperationException("lab up exited at once");
        try
        {
            // Its first progress line: the handlers are in place and the lab is being built.
            await cli.WaitForOutputAsync(TimeSpan.FromSeconds(60), timeout.Token);
            SignalIgnored(cli.Process.Id, signal: 2).ShouldBeFalse("SIGINT is ignored in the lab up process: the test cannot interrupt it");

            Signals.Send(record, Signals.Interrupt).ShouldBeTrue("SIGINT to lab up");
            if (presses == 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
                Signals.Send(record, Signals.Interrupt);
            }

            await cli.Process.WaitForExitAsync(timeout.Token);
            var error = cli.Error;
            cli.Process.ExitCode.ShouldBe(130, error);
            error.TrimEnd().ShouldEndWith("cancelled", customMessage: error);
            error.ShouldNotContain("Exception");
        }
        finally
        {
            if (record.IsAlive)
            {
                await Signals.StopAsync(record, TimeSpan.FromSeconds(5), CancellationToken.None);
            }

            // Every process lab up started, by the PIDs it recorded.
            using var down = Start("lab", "down", "--purge", "--state-dir", stateDir);
            await down.Process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>True when <paramref name="pid"/> ignores the signal (its SigIgn mask in /proc), as it would inherit from a background shell.</summary>
    private static bool SignalIgnored(int pid, int signal)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    /// <summary>
    /// The CLI through <c>env --default-signal=INT</c> (which execs it, keeping the PID): a shell that starts the tests
    /// in the background ignores SIGINT, and a process inherits that, so Ctrl-C would never reach lab up.
    /// </summary>
    private static RunningCli Start(params string[] args)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Repository.CliAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PILOTLIGHT_SHOP_DLL"] = Path.Combine(Repository.Root, "samples", "Shop", "bin", "Debug", "net10.0", "Shop.dll");
        return new RunningCli(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    private sealed class RunningCli : IDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();
        private readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RunningCli(Process process)
        {
            Process = process;
            process.StandardInput.Close();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }

                _firstLine.TrySetResult();
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_error)
                    {
                        _error.AppendLine(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Error
        {
            // Complete once WaitForExitAsync returned: it waits for the redirected streams' end too.
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        public async Task WaitForOutputAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var exited = Process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(_firstLine.Task, exited, Task.Delay(timeout, cancellationToken));
            if (first != _firstLine.Task)
            {
                throw new TimeoutException($"awaited the first line of lab up for {timeout}; {(Process.HasExited ? $"it exited ({Process.ExitCode})" : "none came")}; stderr so far: {Error}");
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
            }

            Process.Dispose();
        }
    }
}
