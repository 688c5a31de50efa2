using System.Runtime.InteropServices;
using Pilotlight.Cli;

// Never disposed: a second Ctrl-C runs the handler again, possibly while the process is ending, and a disposed
// source would throw on the signal thread (rc 134).
var cancellation = new CancellationTokenSource();
var presses = 0;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    // A third Ctrl-C is for a command that does not stop: leave at once.
    if (Interlocked.Increment(ref presses) >= 3)
    {
        Console.Error.WriteLine("pilotlight: cancelled");
        Environment.Exit(ExitCodes.Cancelled);
    }

    Cancel();
};

// System.CommandLine's own signal handling is off (PilotlightCommand): SIGTERM cancels the same token, so the lab's
// daemons end normally on it.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    Cancel();
});

var context = new CliContext(Console.Out, Console.Error, TimeProvider.System, Environment.CurrentDirectory, Console.In, !Console.IsInputRedirected && !Console.IsOutputRedirected);
return await PilotlightCommand.RunAsync(args, context, cancellation.Token);

// Cancellation callbacks run on the thread pool, not on the signal thread, where one that throws would end the process.
void Cancel()
{
    try
    {
        _ = cancellation.CancelAsync();
    }
    catch (ObjectDisposedException)
    {
    }
}
