using System.Security.Cryptography;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

/// <summary>
/// Drives one plan through its providers: the controller (probe loop and observer), the failover execution with the
/// RPO gate, approvals, the execution store, history, the site state and readiness. It knows nothing of any provider
/// or topology: everything it does to the plan's systems goes through the contracts in Core.
/// </summary>
public sealed partial class PlanEngine
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly ProviderRegistry _registry;
    private readonly Lazy<PlanProviders> _providers;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, IReadOnlyList<Core.Health.IProbe>>> _probes = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Written, long Length)> _finished = new(StringComparer.Ordinal);

    private PlanEngine(string planPath, Plan plan, string fingerprint, string stateDirectory, ProviderRegistry registry, EngineOptions options)
    {
        PlanPath = planPath;
        Plan = plan;
        Fingerprint = fingerprint;
        Layout = new EngineLayout(stateDirectory);
        Options = options;
        _registry = registry;
        _providers = new Lazy<PlanProviders>(() => PlanProviders.Build(plan, registry, new ProviderBuildContext(plan, Path.GetDirectoryName(planPath)!, stateDirectory, options.Clock)));
    }

    /// <summary>The plan file this engine acts on: exactly the file it was given.</summary>
    public string PlanPath { get; }

    public Plan Plan { get; }

    /// <summary>A fingerprint of the plan file's bytes, journaled with every execution.</summary>
    public string Fingerprint { get; }

    public EngineLayout Layout { get; }

    public EngineOptions Options { get; }

    private TimeProvider Clock => Options.Clock;

    /// <summary>
    /// Reads and validates the plan at <paramref name="planPath"/> (its problems: <see cref="PlanRejectedException"/>)
    /// and opens its state directory: the plan's <c>state_dir:</c> if set, else <paramref name="stateDirectory"/>,
    /// else <c>.pilotlight/NAME/</c> beside the plan. Providers are built on first use, never connecting here.
    /// </summary>
    public static PlanEngine Open(string planPath, ProviderRegistry registry, string? stateDirectory = null, EngineOptions? options = null, string? shownAs = null)
    {
        ArgumentNullException.ThrowIfNull(planPath);
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new EngineOptions();
        var full = Path.GetFullPath(planPath);
        var result = PlanFile.Read(full, registry, options.Clock);
        if (result.Plan is not { } plan)
        {
            var problems = result.Problems.Select(p => p.ToString()).ToList();
            throw new PlanRejectedException(problems.Count == 0 ? $"{shownAs ?? planPath}: not a valid plan" : string.Join(Environment.NewLine, problems.Select(p => p.Replace(full, shownAs ?? planPath, StringComparison.Ordinal))));
        }

        var directory = Path.GetDirectoryName(full)!;
        var state = plan.StateDirectory is { } own ? Path.GetFullPath(own, directory)
            : stateDirectory is not null ? Path.GetFullPath(stateDirectory)
            : Path.Combine(directory, ".pilotlight", plan.Name);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)))[..16];
        return new PlanEngine(full, plan, fingerprint, state, registry, options);
    }

    /// <summary>The plan's providers, built from its provider blocks; a provider that cannot act yet throws one line naming it.</summary>
    public PlanProviders Providers => _providers.Value;

    /// <summary>Which site is active and which are fenced: the saved state, or the plan's configured primary when none was saved.</summary>
    public SiteState Sites => SiteState.Load(Layout.SiteStatePath, [.. Plan.Sites.Select(s => s.Name)]) ?? new SiteState(Plan.Primary.Name, []);

    public string ActiveSite => Sites.Active;

    public string StandbySite => Plan.OtherSite(ActiveSite);

    /// <summary>Every execution of this plan, oldest first; one whose journal is damaged is <see cref="ExecutionOutcome.Corrupt"/>.</summary>
    public IReadOnlyList<ExecutionResult> History()
    {
        _ = Sites;
        return [.. Journals().Select(ExecutionResult.From)];
    }

    /// <summary>
    /// The interrupted execution to resume, if any. A damaged journal that does not say it finished is refused, never
    /// resumed or run over. An isolated drill that runs now (its drill lock held) is not interrupted and not returned,
    /// unless <paramref name="drillLockHeld"/>: the caller holds the drill lock itself, so no drill runs.
    /// </summary>
    internal ExecutionJournal? Unfinished(bool drillLockHeld = false)
    {
        var unfinished = Journals().Where(j => !IsFinished(j) && (drillLockHeld || !RunsIsolatedDrill(j))).ToList();
        if (unfinished.Select(j => j.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new DamagedStateException(problem.Path, $"{problem}; an execution journal is JSON lines from execution.started on, as the runner writes it; refusing to resume it or start another over it — look at what it did, then move it out of {Layout.ExecutionsDirectory}");
        }

        return unfinished.LastOrDefault(j => !j.Read().IsEmpty);
    }

    /// <summary>
    /// Whether a journal says it finished. The controller asks every round, so a journal seen finished is not read
    /// again while its size and write time stay as they were (any change to it is read afresh).
    /// </summary>
    private bool IsFinished(ExecutionJournal journal)
    {
        var file = new FileInfo(journal.Path);
        var stamp = (file.LastWriteTimeUtc, file.Length);
        if (_finished.TryGetValue(journal.Path, out var seen) && seen == stamp)
        {
            return true;
        }

        if (!journal.IsFinished)
        {
            return false;
        }

        _finished[journal.Path] = stamp;
        return true;
    }

    private IEnumerable<ExecutionJournal> Journals() =>
        Directory.Exists(Layout.ExecutionsDirectory)
            ? Directory.EnumerateFiles(Layout.ExecutionsDirectory, "*.jsonl").Order(StringComparer.Ordinal).Select(p => new ExecutionJournal(p))
            : [];

    /// <summary>An isolated drill's journal, while its drill holds the drill lock (it runs without the execution lock).</summary>
    private bool RunsIsolatedDrill(ExecutionJournal journal) =>
        Drills.DrillRecord.Load(DrillRecordPath(journal.Path)) is { Mode: Core.Plans.DrillMode.Isolated } && StateLock.IsHeld(Layout.DrillLockPath);

    private bool ExecutionRunning() => StateLock.IsHeld(Layout.ExecutionLockPath);

    /// <summary>Records a change of the site state (never from a provider's report alone).</summary>
    private void RecordSites(Func<SiteState, SiteState> change, string by)
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        (change(Sites) with { Updated = Clock.GetUtcNow(), By = by }).Save(Layout.SiteStatePath);
    }
}

/// <summary>How an engine runs: its clock and the hooks tests use.</summary>
public sealed record EngineOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Called after each runbook step is journaled (a test hook to crash between steps).</summary>
    public Func<string, Task>? AfterStep { get; init; }

    /// <summary>Makes execution ids; the default is the start time and what the execution does.</summary>
    public Func<DateTimeOffset, string, string>? ExecutionId { get; init; }

    /// <summary>Loses and recovers a site for real, for live drills with a fault (the lab supplies one); null: drills switch over.</summary>
    public Drills.IFaultInjector? Faults { get; init; }

    /// <summary>How webhook deliveries are queued and retried.</summary>
    public Notifications.NotifierOptions Notifications { get; init; } = new();
}
