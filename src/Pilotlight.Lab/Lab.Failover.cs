using System.Globalization;
using System.Net.Http.Json;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;
using Pilotlight.Processes;
using Pilotlight.Core.Runbooks;
using Pilotlight.Providers.Local.Compute;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>Set to a step id, the controller kills itself (SIGKILL) right after journaling that step: for resume tests.</summary>
    public const string CrashAfterStepVariable = "PILOTLIGHT_CRASH_AFTER_STEP";

    public string ExecutionsDirectory => Path.Combine(Layout.StateDirectory, "executions");

    /// <summary>The failover the lab would run now, without running it.</summary>
    public Runbook PlanFailover()
    {
        RequireLab();
        var (from, to) = (State.ActiveSite, LabLayout.OtherSite(State.ActiveSite));
        return FailoverRunbook.Build(ReadPlan(), from, to, FailoverParts());
    }

    /// <summary>
    /// Fails the lab over to the other site — or, if an earlier failover was interrupted, resumes that one. One
    /// execution at a time: a lock in the state directory serializes them across processes.
    /// </summary>
    /// <remarks>
    /// A new failover started by an operator (<paramref name="gated"/>) passes the RPO gate first: it refuses when the
    /// replica's lag is unknown or beyond max_data_loss, unless <paramref name="force"/>, and the estimate is recorded.
    /// </remarks>
    public async Task<ExecutionResult> FailoverAsync(Action<JournalEntry>? observer, CancellationToken cancellationToken, bool gated = false, bool force = false, string? decided = null)
    {
        RequireLab();
        var intended = State.ActiveSite;
        await using var executionLock = await LabLock.AcquireAsync(ExecutionLockPath, cancellationToken);
        var journal = Unfinished();
        if (journal is null && State.ActiveSite != intended)
        {
            // Another process (the controller) failed over while this one waited for the lock: doing it again would fail back.
            throw new LabException($"site {intended} was already failed over to {State.ActiveSite} by another execution ({(History() is { Count: > 0 } done ? done[^1].Id : "?")}); nothing to do");
        }

        string? gate = null;
        string from;
        string to;
        if (journal is not null)
        {
            var kind = journal.Read().First(e => e.Type == JournalEntry.ExecutionStarted).Detail!;
            var sites = kind["failover ".Length..].Split("->");
            (from, to) = (sites[0], sites[1]);
        }
        else
        {
            (from, to) = (State.ActiveSite, LabLayout.OtherSite(State.ActiveSite));
            if (gated)
            {
                gate = await GateAsync(from, to, force, cancellationToken);
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-failover-{from}-{to}");
            journal = new ExecutionJournal(Path.Combine(ExecutionsDirectory, $"{id}.jsonl"));
        }

        var runner = new RunbookRunner(journal, TimeProvider.System) { Observer = observer, AfterStep = CrashIfAskedAsync };
        var runbook = FailoverRunbook.Build(ReadPlan(), from, to, FailoverParts());
        var reasons = runbook.Reasons;
        if (gate is not null)
        {
            reasons = reasons.Add($"run by an operator: {gate}");
        }

        if (decided is not null)
        {
            reasons = reasons.Add($"decided by the controller: {decided}");
        }

        return await runner.RunAsync(runbook with { Reasons = reasons }, cancellationToken);
    }

    /// <summary>
    /// The RPO gate for an operator's failover: the replica's lag measured now against the primary when it answers,
    /// else the data at risk since the controller's last proof (replication-proof.json); unknown refuses.
    /// </summary>
    private async Task<string> GateAsync(string from, string to, bool force, CancellationToken cancellationToken)
    {
        var plan = ReadPlan();
        var askedAt = DateTimeOffset.UtcNow;
        var status = await new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database)).GetStatusAsync(to, cancellationToken);
        var tracker = new DataAtRiskTracker(from, to, TimeProvider.System, LoadProof());
        tracker.Observe(status, askedAt);
        var risk = tracker.Estimate();
        var decision = FailoverDecision.Decide(plan.Failover with { Policy = Core.Plans.FailoverPolicy.Automatic }, risk, force);
        if (decision.Verdict != FailoverVerdict.Proceed)
        {
            throw new LabException($"{decision.Reason.Replace("approve to accept it", "rerun with --force to accept it", StringComparison.Ordinal)}{(status.Problem is { } p ? $" (replica: {p})" : "")}");
        }

        return decision.Reason;
    }

    /// <summary>
    /// Why a failover now would fence a healthy primary — its database answers as a primary, or the entry serves the
    /// workload from it — or null when neither holds (or an interrupted execution is to be resumed).
    /// </summary>
    public async Task<string?> HealthyPrimaryAsync(CancellationToken cancellationToken)
    {
        RequireLab();
        if (Unfinished() is not null)
        {
            return null;
        }

        var active = State.ActiveSite;
        var status = await new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database)).GetStatusAsync(active, cancellationToken);
        var primary = status.Role == Core.Providers.DatabaseRole.Primary;
        var serves = await ServesThroughEntryAsync(active, cancellationToken);
        return (primary, serves) switch
        {
            (true, true) => $"site {active} is healthy: its database answers as a primary and the entry serves the workload from it",
            (true, false) => $"site {active}'s database answers as a primary (the entry does not serve from it now)",
            (false, true) => $"the entry serves the workload from site {active}",
            _ => null,
        };
    }

    /// <summary>Every execution of this lab, oldest first; one whose journal is damaged is <see cref="ExecutionOutcome.Corrupt"/>.</summary>
    public IReadOnlyList<ExecutionResult> History()
    {
        if (Exists)
        {
            _ = State;
        }

        return [.. Journals().Select(ExecutionResult.From)];
    }

    /// <summary>The interrupted execution to resume, if any. A damaged journal that does not say it finished is refused, never resumed or run over.</summary>
    private ExecutionJournal? Unfinished()
    {
        var unfinished = Journals().Where(j => !j.IsFinished).ToList();
        if (unfinished.Select(j => j.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new DamagedStateException(problem.Path, $"{problem}; an execution journal is JSON lines from execution.started on, as the runner writes it; refusing to resume it or start another over it — look at what it did, then move it out of {ExecutionsDirectory}");
        }

        return unfinished.LastOrDefault(j => !j.Read().IsEmpty);
    }

    private IEnumerable<ExecutionJournal> Journals() =>
        Directory.Exists(ExecutionsDirectory)
            ? Directory.EnumerateFiles(ExecutionsDirectory, "*.jsonl").Order(StringComparer.Ordinal).Select(p => new ExecutionJournal(p))
            : [];

    private Plan ReadPlan()
    {
        var result = PlanFile.Read(Layout.PlanPath, LabProviders.Registry, TimeProvider.System);
        return result.Plan ?? throw new LabException($"the lab's plan {Layout.PlanPath} is invalid: {result.Problems.FirstOrDefault()}");
    }

    private FailoverParts FailoverParts()
    {
        var databases = new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database));
        return new FailoverParts
        {
            Traffic = Entry,
            Database = databases,
            Compute = new ProcessComputeProvider(LabLayout.Sites.ToDictionary(s => s, Compute)),
            ServesThroughEntry = ServesThroughEntryAsync,
            ActiveSite = () => State.ActiveSite,
            RecordActiveSite = site => (State with { ActiveSite = site }).Save(Layout.StatePath),
            Notify = NotifyAsync,
        };
    }

    private async Task<bool> ServesThroughEntryAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Layout.EntryUrl, "/healthz"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode && body.Contains($"\"site\":\"{site}\"", StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private Task NotifyAsync(string message, CancellationToken cancellationToken) => NotifyAsync("failover.succeeded", message, cancellationToken);

    /// <summary>Posts an event to every webhook of the plan whose patterns match it (<c>*</c>, <c>failover.*</c>, the exact name).</summary>
    private async Task NotifyAsync(string eventName, string message, CancellationToken cancellationToken)
    {
        var category = eventName.Split('.')[0];
        foreach (var webhook in ReadPlan().Webhooks.Where(w => w.Events.Any(e => e == "*" || e == $"{category}.*" || e == eventName)))
        {
            using var response = await Http.PostAsJsonAsync(webhook.Url, new { @event = eventName, lab = Layout.StateDirectory, message }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task CrashIfAskedAsync(string step)
    {
        if (Environment.GetEnvironmentVariable(CrashAfterStepVariable) == step && ProcessRecord.Of(Environment.ProcessId, "controller") is { } self)
        {
            Signals.Send(self, Signals.Kill);
            await Task.Delay(Timeout.Infinite);
        }
    }
}
