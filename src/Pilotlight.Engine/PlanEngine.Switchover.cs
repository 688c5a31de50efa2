using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    /// <summary>The planned switchover to <paramref name="to"/> the engine would run now, without running it.</summary>
    public Runbook PlanSwitchover(string to) => SwitchoverRunbook.Build(Plan, SwitchoverRunbook.SwitchoverOperation, ActiveSite, RequireOtherSite(to), SwitchoverParts("(dry run)"));

    /// <summary>The failback the engine would run now, without running it.</summary>
    public Runbook PlanFailback() => SwitchoverRunbook.Build(Plan, SwitchoverRunbook.FailbackOperation, ActiveSite, StandbySite, SwitchoverParts("(dry run)"));

    /// <summary>
    /// The lossless planned switchover to <paramref name="to"/>, both sites healthy: the target's compute to full,
    /// writes fenced at the entry, the primary demoted cleanly, the target promoted once it replayed the demotion
    /// token, the demoted primary attached as its standby, the entry switched. Resumes an interrupted one.
    /// </summary>
    public Task<ExecutionResult> SwitchoverAsync(string? to, Action<JournalEntry>? observer, CancellationToken cancellationToken) =>
        RunPlannedAsync(SwitchoverRunbook.SwitchoverOperation, to, observer, cancellationToken);

    /// <summary>
    /// Returns the workload to the site it was failed over from: its diverged writes exported, its database rebuilt
    /// as a standby, objects and secrets checked, consistency verified, then the planned switchover and the former
    /// active site back to pilot capacity. Refused, changing nothing, when the old site cannot be operated.
    /// </summary>
    public Task<ExecutionResult> FailbackAsync(Action<JournalEntry>? observer, CancellationToken cancellationToken) =>
        RunPlannedAsync(SwitchoverRunbook.FailbackOperation, null, observer, cancellationToken);

    /// <summary>What is missing for the operation now, one line each (empty: it can run); changes nothing.</summary>
    public async Task<ImmutableArray<string>> PreflightAsync(string operation, string from, string to, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var providers = Providers;
        if (Replication(providers) is not { } replication)
        {
            return [$"database.provider '{Plan.Resource(Core.Plans.ResourceKind.Database)?.Provider ?? "(none)"}' cannot demote, rebuild or compare servers: a {operation} needs a database provider that can (postgres, aws-rds)"];
        }

        var database = providers.Database!;
        var checks = new List<Task<IEnumerable<string>>>
        {
            Check(async ct => await replication.CheckOperableAsync(to, ct)),
            Check(async ct => await replication.CheckOperableAsync(from, ct)),
            Check(async ct => await database.GetStatusAsync(from, ct) is { Role: DatabaseRole.Primary } ? [] : [$"site {from}'s database does not answer as a primary: the {operation} starts from the active primary"]),
            Check(async ct => { await providers.Compute.GetInstancesAsync(to, ct); return []; }, $"site {to}'s compute cannot be asked"),
            Check(async ct => { await providers.Traffic.GetStatusAsync(ct); return []; }, "the traffic entry cannot be asked"),
        };
        if (operation == SwitchoverRunbook.SwitchoverOperation)
        {
            checks.Add(Check(async ct => await replication.IsStandbyOfAsync(to, from, ct) ? [] : [$"site {to}'s database is not a standby streaming from site {from}: a switchover needs both sites healthy (pilotlight failback rebuilds it)"]));
        }

        if (providers.Objects is { } objects)
        {
            checks.Add(Check(async ct => { await objects.GetBacklogAsync(from, to, ct); return []; }, "objects cannot be asked"));
        }

        if (providers.Secrets is { } secrets)
        {
            checks.Add(Check(async ct => await secrets.GetStatusAsync(to, ct) is { Present: true, Problem: null } ? [] : [$"site {to}'s secrets are missing or cannot be read"]));
        }

        foreach (var check in checks)
        {
            problems.AddRange(await check);
        }

        return problems.ToImmutable();

        async Task<IEnumerable<string>> Check(Func<CancellationToken, Task<IEnumerable<string>>> question, string? what = null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                return await question(timeout.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (IsTransient(e) || e is OperationCanceledException))
            {
                var why = e is OperationCanceledException or TimeoutException ? "no answer within 15s" : e.Message.ReplaceLineEndings(" ");
                return [what is null ? why : $"{what}: {why}"];
            }
        }
    }

    private async Task<ExecutionResult> RunPlannedAsync(string operation, string? requestedTo, Action<JournalEntry>? observer, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        await using var executionLock = await StateLock.AcquireAsync(Layout.ExecutionLockPath, cancellationToken);
        var journal = Unfinished();
        string from;
        string to;
        if (journal is not null)
        {
            var target = TargetOf(journal);
            if (target.Operation != operation)
            {
                throw new EngineException($"an interrupted {target.Operation} {target.From}->{target.To} is unfinished ({journal.Path}): `pilotlight {target.Operation}` resumes it, or the controller does");
            }

            (from, to) = (target.From, target.To);
            if (requestedTo is not null && requestedTo != to)
            {
                throw new EngineException($"an interrupted {operation} {from}->{to} is unfinished ({journal.Path}): it is resumed first, not one to site {requestedTo}");
            }
        }
        else
        {
            from = ActiveSite;
            to = requestedTo is null ? Plan.OtherSite(from) : RequireOtherSite(requestedTo);
            if (operation == SwitchoverRunbook.FailbackOperation && from == Plan.Primary.Name)
            {
                throw new EngineException($"site {from} is active and is the plan's primary: nothing to fail back (pilotlight switchover --to {to} moves the workload deliberately)");
            }

            var problems = await AskRoundsAsync(() => PreflightAsync(operation, from, to, cancellationToken), p => p.IsEmpty, cancellationToken);

            if (!problems.IsEmpty)
            {
                throw new EngineException($"{operation} {from}->{to} refused, nothing was changed: {string.Join("; ", problems)}");
            }

            var started = Clock.GetUtcNow();
            var id = Options.ExecutionId?.Invoke(started, SwitchoverRunbook.Kind(operation, from, to)) ?? string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd'T'HHmmss'Z'}-{operation}-{from}-{to}");
            journal = new ExecutionJournal(Path.Combine(Layout.ExecutionsDirectory, $"{id}.jsonl"));
        }

        var runbook = SwitchoverRunbook.Build(Plan, operation, from, to, SwitchoverParts(Path.GetFileNameWithoutExtension(journal.Path)));
        return await RunRecordedAsync(journal, observer, runbook, operation, null, null, cancellationToken);
    }

    /// <summary>What an interrupted execution does, from its first entry; a journal that does not say is refused as damaged.</summary>
    private ExecutionTarget TargetOf(ExecutionJournal journal)
    {
        var target = journal.Read().First(e => e.Type == JournalEntry.ExecutionStarted).Target
            ?? throw new DamagedStateException(journal.Path, $"{journal.Path}: the interrupted execution does not record what it fails over or switches (operation, from, to: written by every Pilotlight since the engine); finish it by hand and move it out of {Layout.ExecutionsDirectory}");
        if (!Plan.Sites.Any(s => s.Name == target.From) || !Plan.Sites.Any(s => s.Name == target.To))
        {
            throw new EngineException($"{journal.Path}: the interrupted execution is a {target.Operation} {target.From}->{target.To}, which this plan ({PlanPath}) cannot resume");
        }

        return target;
    }

    /// <summary>Resumes the interrupted execution, whatever it does (the controller's duty after a crash); null when there is none.</summary>
    public async Task<ExecutionResult?> ResumeAsync(Action<JournalEntry>? observer, CancellationToken cancellationToken)
    {
        if (Unfinished() is not { } journal)
        {
            return null;
        }

        return TargetOf(journal).Operation switch
        {
            FailoverRunbook.Operation => await FailoverAsync(observer, cancellationToken),
            SwitchoverRunbook.SwitchoverOperation => await SwitchoverAsync(null, observer, cancellationToken),
            SwitchoverRunbook.FailbackOperation => await FailbackAsync(observer, cancellationToken),
            Core.Drills.DrillRunbook.Operation => await DrillAsync(null, observer, cancellationToken),
            var other => throw new EngineException($"{journal.Path}: the interrupted execution is a {other}, which this version cannot resume"),
        };
    }

    private string RequireOtherSite(string to)
    {
        if (!Plan.Sites.Any(s => s.Name == to))
        {
            throw new EngineException($"--to {to}: not a site of the plan ({string.Join(", ", Plan.Sites.Select(s => s.Name))})");
        }

        return to != ActiveSite ? to : throw new EngineException($"site {to} is already the active site: nothing to switch over");
    }

    private static IDatabaseSwitchover? Replication(PlanProviders providers) => providers.Database as IDatabaseSwitchover;

    private SwitchoverParts SwitchoverParts(string executionId)
    {
        var providers = Providers;
        var replication = Replication(providers)
            ?? throw new EngineException($"database.provider '{Plan.Resource(Core.Plans.ResourceKind.Database)?.Provider ?? "(none)"}' cannot demote, rebuild or compare servers: switchover and failback need a database provider that can (postgres, aws-rds)");
        var tokenPath = Path.Combine(Layout.ExecutionsDirectory, $"{executionId}.token");
        var divergencePath = Path.Combine(Layout.ExecutionsDirectory, $"divergence-{executionId}.sql");
        var summaryPath = Path.ChangeExtension(divergencePath, ".json");
        return new SwitchoverParts
        {
            Traffic = providers.Traffic,
            Database = providers.Database!,
            Replication = replication,
            Compute = providers.Compute,
            Objects = providers.Objects,
            Secrets = providers.Secrets,
            ServesThroughEntry = ServesThroughEntryAsync,
            ActiveSite = () => ActiveSite,
            RecordActiveSite = site => RecordSites(_ => new SiteState(site, []), $"{SwitchoverRunbook.Kind("switchover", Plan.OtherSite(site), site)}"),
            Notify = (message, _) => Notified(message.StartsWith("failback", StringComparison.Ordinal) ? Core.Notifications.NotificationEvents.FailbackSucceeded : Core.Notifications.NotificationEvents.SwitchoverSucceeded, message, executionId),
            LoadToken = () => File.Exists(tokenPath) ? File.ReadAllText(tokenPath).Trim() is { Length: > 0 } token ? token : throw new DamagedStateException(tokenPath, $"{tokenPath}: empty; expected the demotion token (a WAL position) this execution saved") : null,
            SaveToken = token => WriteDurably(tokenPath, token + "\n"),
            DivergencePath = divergencePath,
            LoadDivergence = () => LoadDivergence(summaryPath),
            SaveDivergence = report => WriteDurably(summaryPath, JsonSerializer.Serialize(report, ReportJson)),
            PlanFingerprint = Fingerprint,
            Timeouts = providers.Timeouts,
        };
    }

    /// <summary>The divergence summary a failback saved, or null when none was saved; a damaged one is refused.</summary>
    private static DivergenceReport? LoadDivergence(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DivergenceReport>(File.ReadAllText(path))
                ?? throw new DamagedStateException(path, $"{path}: null; expected the divergence summary a failback writes");
        }
        catch (JsonException e)
        {
            throw new DamagedStateException(path, $"{path}: not a divergence summary ({e.Message}); expected the JSON a failback writes");
        }
    }

    /// <summary>Written aside, flushed to disk, then renamed into place: a crash leaves the old file or the new one.</summary>
    private static void WriteDurably(string path, string text) => DurableFile.WriteText(path, text);
}
