using System.Globalization;
using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// Before a command that ran an execution exits: the notifications it published are delivered, within a bound
/// (10 s; 2 s after Ctrl-C). What could not be delivered is one line on stderr; it never changes the exit code.
/// </summary>
internal static class NotificationFlushing
{
    public static async Task FlushAsync(PlanEngine engine, CliContext context, string prefix, CancellationToken cancellationToken)
    {
        var bound = cancellationToken.IsCancellationRequested ? TimeSpan.FromSeconds(2) : PlanEngine.DefaultFlushBound;
        var flush = await engine.FlushNotificationsAsync(bound);
        if (!flush.Drained)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}: {flush.Abandoned} notification(s) not delivered within {bound.TotalSeconds:0}s, given up on exit; see {engine.Layout.NotificationLogPath}"));
        }
        else if (flush.Failed > 0)
        {
            await context.Error.WriteLineAsync($"{prefix}: {flush.Failed} notification(s) could not be delivered; see {engine.Layout.NotificationLogPath}");
        }
    }
}
