using System.CommandLine;
using System.Globalization;
using Pilotlight.Engine;
using Spectre.Console;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight watch</c>: the controller in the foreground — health, decisions, failovers, fencing, as they happen.</summary>
internal static class WatchCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var force = new Option<bool>("--force") { Description = "Fail over even beyond max_data_loss (the estimate is recorded)" };
        var command = new Command("watch", "Run the controller in the foreground: probe the active site, decide by the plan's policy, fail over, keep an old primary fenced") { force };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight watch", async () =>
        {
            var engine = target.Open(parse, context);
            try
            {
                // A live view on a terminal; a stream of lines (or JSON lines) when the output goes elsewhere.
                if (!parse.GetValue(json) && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected)
                {
                    var display = new WatchDisplay();
                    await AnsiConsole.Live(display.Render()).StartAsync(async live =>
                    {
                        using var refresh = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
                        var watch = engine.WatchAsync(display.Add, parse.GetValue(force), ct, display.Update);
                        while (!watch.IsCompleted && await refresh.WaitForNextTickAsync(CancellationToken.None))
                        {
                            live.UpdateTarget(display.Render());
                        }

                        await watch;
                    });
                }
                else
                {
                    await engine.WatchAsync(e => Write(context.Out, parse.GetValue(json), e), parse.GetValue(force), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            finally
            {
                // Stopped (Ctrl-C, SIGTERM, the plan gone): what the controller published last still goes out, bounded.
                await NotificationFlushing.FlushAsync(engine, context, "pilotlight watch", ct);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static void Write(TextWriter output, bool json, WatchEvent e)
    {
        if (json)
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { at = e.At, kind = e.Kind, text = e.Text }));
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.At:HH:mm:ss.fff}  {e.Kind,-8}  {e.Text}"));
    }
}
