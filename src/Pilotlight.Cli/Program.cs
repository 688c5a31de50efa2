using Pilotlight.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var context = new CliContext(Console.Out, Console.Error, TimeProvider.System, Environment.CurrentDirectory, Console.In, !Console.IsInputRedirected && !Console.IsOutputRedirected);
return await PilotlightCommand.RunAsync(args, context, cancellation.Token);
