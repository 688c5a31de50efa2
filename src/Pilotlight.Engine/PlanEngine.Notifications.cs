using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Health;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Readiness;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Notifications;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>How long a one-shot command waits, at most, for its notifications to be delivered before it exits.</summary>
    public static readonly TimeSpan DefaultFlushBound = TimeSpan.FromSeconds(10);

    private WebhookNotifier? _notifier;

    /// <summary>The plan's webhooks and SNS topics (their targets built by the registry's provider families), queued and sent in the background; every outcome in <see cref="EngineLayout.NotificationLogPath"/>.</summary>
    public WebhookNotifier Notifier => LazyInitializer.EnsureInitialized(ref _notifier, () =>
        new WebhookNotifier(Plan.Name, Plan.Webhooks, Path.GetDirectoryName(PlanPath)!, Layout.NotificationLogPath, Clock, Options.Notifications,
            Plan.SnsTargets.IsEmpty ? [] : _registry.NotificationTargets(new Core.Providers.ProviderBuildContext(Plan, Path.GetDirectoryName(PlanPath)!, Layout.StateDirectory, Clock))));

    /// <summary>The plan names no webhook and no SNS topic: nothing to notify.</summary>
    private bool Unnotified => Plan.Webhooks.IsEmpty && Plan.SnsTargets.IsEmpty;

    /// <summary>
    /// Tells the plan's webhooks that <paramref name="eventName"/> happened (e.g. <c>drill.started</c>; see
    /// <see cref="NotificationEvents"/>), with a one-line <paramref name="message"/> and optional details (text,
    /// numbers, booleans, lists of them). Returns at once: it never waits on a receiver and never throws.
    /// </summary>
    public void Publish(string eventName, string message, IReadOnlyDictionary<string, object?>? details = null, string? site = null, string? execution = null)
    {
        if (Unnotified || eventName is null || message is null)
        {
            return;
        }

        Notifier.Publish(new Notification(eventName, Plan.Name, Clock.GetUtcNow(), message.ReplaceLineEndings(" "))
        {
            Site = site,
            Execution = execution,
            Details = details is null ? ImmutableDictionary<string, object?>.Empty : details.ToImmutableDictionary(StringComparer.Ordinal),
        });
    }

    /// <summary>
    /// Waits for the notifications published so far to be delivered (or given up on), at most <paramref name="max"/>
    /// (default <see cref="DefaultFlushBound"/>); commands that run executions call it before they exit. Never throws.
    /// </summary>
    public Task<NotificationFlush> FlushNotificationsAsync(TimeSpan? max = null) =>
        _notifier is { } notifier ? notifier.FlushAsync(max ?? DefaultFlushBound) : Task.FromResult(new NotificationFlush(Drained: true, Abandoned: 0));

    /// <summary>
    /// An execution's observer that also notifies: <c>execution.started</c> (again, with <c>resumed</c>, when an
    /// interrupted one is resumed), <c>execution.step-failed</c> for a step that failed for good (not a retried
    /// attempt; <c>best_effort</c> when the execution goes on) and <c>execution.finished</c> with its outcome.
    /// <paramref name="inner"/> is told of every entry first. Give the result to <see cref="RunbookRunner.Observer"/>.
    /// </summary>
    public Action<JournalEntry> Notifying(ExecutionJournal journal, Action<JournalEntry>? inner)
    {
        ArgumentNullException.ThrowIfNull(journal);
        JournalEntry? start = null;
        return entry =>
        {
            inner?.Invoke(entry);
            if (Unnotified)
            {
                return;
            }

            if (entry.Type == JournalEntry.ExecutionStarted)
            {
                start = entry;
                Publish(NotificationEvents.ExecutionStarted, $"{entry.Detail} started ({journal.Id})", Describe(entry, resumed: false), entry.To, journal.Id);
            }
            else if (entry.Type == JournalEntry.Note && start is null && entry.Detail == "resumed after an interruption")
            {
                start = First(journal);
                Publish(NotificationEvents.ExecutionStarted, $"{start?.Detail ?? "an execution"} resumed after an interruption ({journal.Id})", Describe(start, resumed: true), start?.To, journal.Id);
            }
            else if (entry.Type == JournalEntry.StepFailed)
            {
                var bestEffort = entry.Detail?.StartsWith(ExecutionJournal.BestEffortPrefix, StringComparison.Ordinal) == true;
                var error = bestEffort ? entry.Detail![ExecutionJournal.BestEffortPrefix.Length..] : entry.Detail;
                Publish(
                    NotificationEvents.ExecutionStepFailed,
                    $"{start?.Detail ?? "execution"}: step {entry.Step} failed after {Attempts(entry.Attempt)}{(bestEffort ? " (best effort: the execution goes on)" : "")}: {error} ({journal.Id})",
                    new Dictionary<string, object?> { ["step"] = entry.Step, ["attempts"] = entry.Attempt, ["error"] = error, ["best_effort"] = bestEffort, ["kind"] = start?.Detail },
                    start?.To,
                    journal.Id);
            }
            else if (entry.Type == JournalEntry.ExecutionFinished)
            {
                start ??= First(journal);
                var outcome = (entry.Detail ?? "").ToLowerInvariant();
                var seconds = start is null ? (double?)null : Math.Round((entry.At - start.At).TotalSeconds, 3);
                var failed = outcome == "succeeded" ? null : journal.Read().LastOrDefault(e => e.Type == JournalEntry.StepFailed && e.Detail?.StartsWith(ExecutionJournal.BestEffortPrefix, StringComparison.Ordinal) != true);
                Publish(
                    NotificationEvents.ExecutionFinished,
                    string.Create(CultureInfo.InvariantCulture, $"{start?.Detail ?? "execution"} {outcome}{(seconds is { } s ? $" in {s:0.0#}s" : "")}{(failed is null ? "" : $": step {failed.Step} failed: {failed.Detail}")} ({journal.Id})"),
                    new Dictionary<string, object?> { ["outcome"] = outcome, ["kind"] = start?.Detail, ["operation"] = start?.Operation, ["from"] = start?.From, ["to"] = start?.To, ["duration_seconds"] = seconds, ["failed_step"] = failed?.Step },
                    start?.To,
                    journal.Id);
            }
        };

        static string Attempts(int? count) => count == 1 ? "1 attempt" : $"{count ?? 0} attempts";

        static JournalEntry? First(ExecutionJournal journal)
        {
            try
            {
                return journal.Read().FirstOrDefault(e => e.Type == JournalEntry.ExecutionStarted);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static Dictionary<string, object?> Describe(JournalEntry? started, bool resumed) => new()
    {
        ["kind"] = started?.Detail,
        ["operation"] = started?.Operation,
        ["from"] = started?.From,
        ["to"] = started?.To,
        ["resumed"] = resumed,
    };

    /// <summary>While the controller runs, a notification that will not be delivered is one of its events too (kind <c>notify</c>).</summary>
    private Subscription? ReportNotDelivered(Action<WatchEvent> report)
    {
        if (Unnotified)
        {
            return null;
        }

        void Handler(DeliveryRecord r) => report(new WatchEvent(r.At, "notify", $"{(r.Url.StartsWith("arn:", StringComparison.Ordinal) ? "sns" : "webhook")} {r.Webhook}: {r.Event} {r.Status}{(r.Attempt is { } n ? $" after {n} attempt{(n == 1 ? "" : "s")}" : "")}: {r.Error}"));
        Notifier.NotDelivered += Handler;
        return new Subscription(() => Notifier.NotDelivered -= Handler);
    }

    /// <summary>Undoes a subscription when disposed.</summary>
    private sealed class Subscription(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>The controller's verdicts on the active site: site down, site recovered (a vantage point's view alone is not notified).</summary>
    private void PublishHealth(HealthEvent healthEvent)
    {
        var name = healthEvent.Kind switch
        {
            HealthEventKind.SiteDown => NotificationEvents.SiteDown,
            HealthEventKind.SiteRecovered => NotificationEvents.SiteRecovered,
            _ => null,
        };
        if (name is not null)
        {
            var failing = healthEvent.Evidence.Where(o => !o.Success).Select(o => $"{o.VantagePoint}/{o.Probe}: {o.Detail}").Distinct(StringComparer.Ordinal).ToList();
            Publish(name, healthEvent.Summary, new Dictionary<string, object?> { ["vantage_point"] = healthEvent.VantagePoint, ["failing"] = failing }, healthEvent.Site);
        }
    }

    /// <summary>
    /// Readiness transitions only: lost when the standby stops being able to take over (or cannot from the start of
    /// the controller), regained when it can again; the same verdict round after round is not notified.
    /// </summary>
    private void PublishReadiness(ReadinessReport? previous, ReadinessReport next)
    {
        if (previous?.Ready == next.Ready || (previous is null && next.Ready))
        {
            return;
        }

        var failing = next.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}").ToList();
        Publish(
            next.Ready ? NotificationEvents.ReadinessRegained : NotificationEvents.ReadinessLost,
            next.Ready ? $"READY again: site {next.Standby} can take over" : $"NOT READY: site {next.Standby} cannot take over: {string.Join("; ", failing)}",
            new Dictionary<string, object?> { ["ready"] = next.Ready, ["failing"] = failing },
            next.Standby);
    }
}
