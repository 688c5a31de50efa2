using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Failover;

/// <summary>
/// Builds the planned switchover and the failback from a plan — pure: it returns steps; only steps act.
/// <code>
/// failback only: capture divergence ─► rebuild old primary as standby ─► replication mode ─► objects to it ─► secrets equal ─┐
/// switchover:    scale target compute to full ─► checkpoint the primary ─► fence writes at the entry ─► [failback: consistency] ─► demote the primary
///                ─► wait for the target to replay the demotion token ─► promote the target ─┬─► switch the entry ─► verify ─► scale the old site to pilot ─► objects back ─► notify
///                                                                                            └─► attach the demoted primary as standby ─► replication mode
/// </code>
/// No acknowledged write can be lost: writes stop at the entry, the primary is stopped cleanly, and the target is
/// promoted only once it has replayed the primary's final WAL record. The entry is switched as soon as the target is
/// promoted; the demoted primary is attached meanwhile, so its restart is not part of the time writes wait.
/// </summary>
public static class SwitchoverRunbook
{
    public const string SwitchoverOperation = "switchover";

    public const string FailbackOperation = "failback";

    public static string Kind(string operation, string from, string to) => $"{operation} {from}->{to}";

    /// <summary>The steps during which the entry takes no write: from the fence to the switch (the write-unavailable window).</summary>
    public static readonly ImmutableArray<string> WindowSteps = ["fence-writes", "verify-consistency", "demote-primary", "wait-replay", "promote-target", "switch-traffic"];

    public static Runbook Build(Plan plan, string operation, string from, string to, SwitchoverParts parts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(parts);
        var failback = operation == FailbackOperation;
        var full = plan.Capacity[to].Full;
        var pilot = plan.Capacity[from].Pilot;
        var steps = ImmutableArray.CreateBuilder<RunbookStep>();
        var db = parts.Replication;
        string? compared = null;
        var ready = ImmutableArray<string>.Empty;
        if (failback)
        {
            var path = parts.DivergencePath ?? throw new ArgumentException("a failback needs a divergence path", nameof(parts));
            steps.Add(new RunbookStep
            {
                Id = "capture-divergence",
                Description = $"export the writes site {to}'s old primary committed after the fork to {Path.GetFileName(path)}, before anything is rewound",
                Timeout = TimeSpan.FromMinutes(5),
                MaxAttempts = 2,
                IsDone = _ => Task.FromResult(parts.LoadDivergence?.Invoke() is not null),
                Execute = async ct => parts.SaveDivergence!(await db.CaptureDivergenceAsync(to, from, path, ct)),
                Outcome = () => parts.LoadDivergence?.Invoke() is { } report ? Describe(report, Path.GetFileName(path)) : null,
            });
            steps.Add(StandbyStep("rebuild-standby", to, from, "capture-divergence", TimeSpan.FromMinutes(30), $"rebuild site {to}'s database as a standby of site {from} (attach, else pg_rewind, else a fresh base backup) and wait until it streams", db));
            steps.Add(ReplicationStep("replication-to-old", from, to, "rebuild-standby", db));
            ready = ["replication-to-old"];
            if (parts.Objects is { } objects)
            {
                steps.Add(new RunbookStep
                {
                    Id = "objects-to-old",
                    Description = $"replicate objects {from}->{to} and drain the backlog",
                    Timeout = TimeSpan.FromMinutes(5),
                    Execute = ct => objects.ReplicateAsync(from, to, ct),
                });
                ready = ready.Add("objects-to-old");
            }

            if (parts.Secrets is { } secrets)
            {
                steps.Add(new RunbookStep
                {
                    Id = "check-secrets",
                    Description = $"check that site {to} holds the same secrets as site {from}",
                    Timeout = TimeSpan.FromSeconds(10),
                    MaxAttempts = 1,
                    Execute = ct => SameSecretsAsync(secrets, from, to, ct),
                });
                ready = ready.Add("check-secrets");
            }
        }

        steps.Add(new RunbookStep
        {
            Id = "scale-target-compute",
            Description = $"scale site {to}'s compute to full capacity ({full.Desired}) and wait until it is ready",
            DependsOn = ready,
            Timeout = TimeSpan.FromSeconds(90),
            IsDone = async ct => (await parts.Compute.GetInstancesAsync(to, ct)).Count(i => i.Ready) >= full.Desired,
            Execute = ct => parts.Compute.ScaleToAsync(to, full, ct),
        });
        steps.Add(new RunbookStep
        {
            Id = "prepare-demotion",
            Description = $"checkpoint site {from}'s primary while it still takes writes, so that its demotion is quick (best effort)",
            DependsOn = ["scale-target-compute"],
            Timeout = TimeSpan.FromSeconds(60),
            MaxAttempts = 1,
            BestEffort = true,
            Execute = ct => db.PrepareDemotionAsync(from, ct),
            WhenFailed = "the demotion's own checkpoint writes more, inside the window",
        });
        steps.Add(new RunbookStep
        {
            Id = "fence-writes",
            Description = $"take site {from} out of the traffic entry: from here no write reaches it",
            DependsOn = ["prepare-demotion"],
            Timeout = TimeSpan.FromSeconds(5),
            IsDone = ct => parts.Traffic.IsFencedAsync(from, ct),
            Execute = ct => parts.Traffic.FenceAsync(from, ct),
        });
        var demoteAfter = "fence-writes";
        if (failback)
        {
            steps.Add(new RunbookStep
            {
                Id = "verify-consistency",
                Description = $"compare every table on sites {from} and {to} at one WAL position (row counts, key checksums, sampled content)",
                DependsOn = ["fence-writes"],
                Timeout = TimeSpan.FromMinutes(5),
                Execute = async ct =>
                {
                    if (db.CannotCompare is { } reason)
                    {
                        compared = $"not compared: {reason}";
                        return;
                    }

                    var report = await db.CompareAsync(from, to, ct);
                    if (!report.Consistent)
                    {
                        var differing = report.Tables.Where(t => !t.Equal).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Table} ({t.PrimaryRows} rows on {from}, {t.StandbyRows} on {to})"));
                        throw new InvalidOperationException($"sites {from} and {to} differ at {report.Position}: {string.Join(", ", differing)}");
                    }

                    compared = string.Create(CultureInfo.InvariantCulture, $"{report.Tables.Length} tables, {report.Tables.Sum(t => t.PrimaryRows)} rows equal at {report.Position}");
                },
                Outcome = () => compared,
            });
            demoteAfter = "verify-consistency";
        }

        steps.Add(new RunbookStep
        {
            Id = "demote-primary",
            Description = $"stop site {from}'s primary cleanly and read its final WAL position (the demotion token)",
            DependsOn = [demoteAfter],
            Timeout = TimeSpan.FromSeconds(60),
            MaxAttempts = 2,
            IsDone = _ => Task.FromResult(parts.LoadToken() is not null),
            Execute = async ct => parts.SaveToken(await db.DemoteAsync(from, ct)),
            Outcome = () => parts.LoadToken() is { } token ? $"token {token}" : null,
        });
        steps.Add(new RunbookStep
        {
            Id = "wait-replay",
            Description = $"wait until site {to} has replayed the demotion token exactly",
            DependsOn = ["demote-primary"],
            Timeout = TimeSpan.FromSeconds(30),
            MaxAttempts = 1,
            IsDone = ct => db.HasReplayedAsync(to, Token(parts), ct),
            Execute = async ct =>
            {
                var token = Token(parts);
                while (!await db.HasReplayedAsync(to, token, ct))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
                }
            },
        });
        steps.Add(new RunbookStep
        {
            Id = "promote-target",
            Description = $"promote site {to}'s database to primary",
            DependsOn = ["wait-replay"],
            Timeout = TimeSpan.FromSeconds(40),
            IsDone = async ct => await parts.Database.GetRoleAsync(to, ct) == DatabaseRole.Primary,
            Execute = ct => parts.Database.PromoteAsync(to, ct),
        });
        steps.Add(SharedSteps.SwitchTraffic(to, parts.Traffic, parts.ActiveSite, parts.RecordActiveSite, ["promote-target"]));
        steps.Add(StandbyStep("attach-old-primary", from, to, "promote-target", TimeSpan.FromMinutes(10), $"attach site {from}'s demoted primary as a standby of site {to} (no rewind after a clean demotion)", db));
        steps.Add(ReplicationStep("replication-back", to, from, "attach-old-primary", db));
        steps.Add(SharedSteps.Verify(to, parts.ServesThroughEntry));
        steps.Add(new RunbookStep
        {
            Id = "scale-down-old",
            Description = $"scale site {from}'s compute back to pilot capacity ({pilot.Desired})",
            DependsOn = ["verify"],
            Timeout = TimeSpan.FromSeconds(60),
            IsDone = async ct => (await parts.Compute.GetInstancesAsync(from, ct)).Count(i => i.Running) <= pilot.Desired,
            Execute = ct => parts.Compute.ScaleToAsync(from, pilot, ct),
        });
        ImmutableArray<string> last = ["scale-down-old", "replication-back"];
        if (parts.Objects is { } store)
        {
            steps.Add(new RunbookStep
            {
                Id = "objects-back",
                Description = $"replicate objects {to}->{from} from now on",
                DependsOn = ["verify"],
                Timeout = TimeSpan.FromMinutes(5),
                Execute = ct => store.ReplicateAsync(to, from, ct),
            });
            last = last.Add("objects-back");
        }

        steps.Add(SharedSteps.Notify($"{operation} from {from} to {to} succeeded", parts.Notify, last));

        var reasons = ImmutableArray.CreateBuilder<string>();
        reasons.Add(failback
            ? $"plan {plan.Name}: site {to} returns as the active site; site {from} becomes its standby again"
            : $"plan {plan.Name}: a planned switchover from site {from} to site {to}, both healthy");
        if (failback)
        {
            reasons.Add($"writes site {to}'s old primary took after the fork are exported before it is rewound: nothing is discarded silently");
        }

        reasons.Add($"no acknowledged write can be lost: writes stop at the entry, site {from}'s primary is stopped cleanly and site {to} is promoted only once it has replayed its final WAL record");
        reasons.Add($"compute: site {to} to full ({full.Desired}) before the switch, site {from} back to pilot ({pilot.Desired}) after it");
        return new Runbook(Kind(operation, from, to), parts.Timeouts.Apply(steps), reasons.ToImmutable()) { Target = new ExecutionTarget(operation, from, to, parts.PlanFingerprint) };
    }

    /// <summary>Makes <paramref name="site"/> a standby of <paramref name="primary"/>; journals how (attached, rewound, base backup).</summary>
    private static RunbookStep StandbyStep(string id, string site, string primary, string after, TimeSpan timeout, string description, IDatabaseSwitchover db)
    {
        string? how = null;
        return new RunbookStep
        {
            Id = id,
            Description = description,
            DependsOn = [after],
            Timeout = timeout,
            MaxAttempts = 2,
            IsDone = ct => db.IsStandbyOfAsync(site, primary, ct),
            Execute = async ct =>
            {
                var rebuilt = await db.RebuildAsStandbyAsync(site, primary, ct);
                how = $"{rebuilt.Method}: {rebuilt.Detail}";
            },
            Outcome = () => how,
        };
    }

    private static RunbookStep ReplicationStep(string id, string primary, string standby, string after, IDatabaseSwitchover db) => new()
    {
        Id = id,
        Description = $"replication {primary}->{standby} in the plan's mode",
        DependsOn = [after],
        Timeout = TimeSpan.FromSeconds(40),
        IsDone = ct => db.IsReplicationConfiguredAsync(primary, standby, ct),
        Execute = ct => db.ConfigureReplicationAsync(primary, standby, ct),
    };

    private static string Token(SwitchoverParts parts) =>
        parts.LoadToken() ?? throw new InvalidOperationException("no demotion token was saved by this execution");

    private static async Task SameSecretsAsync(ISecretsProvider secrets, string from, string to, CancellationToken cancellationToken)
    {
        var source = await secrets.GetStatusAsync(from, cancellationToken);
        var target = await secrets.GetStatusAsync(to, cancellationToken);
        if (!target.Present || target.Problem is not null)
        {
            throw new InvalidOperationException($"site {to}'s secrets are missing{(target.Problem is { } p ? $": {p}" : "")}");
        }

        if (source.Fingerprint != target.Fingerprint)
        {
            throw new InvalidOperationException($"site {to}'s secrets differ from site {from}'s (fingerprints {target.Fingerprint} and {source.Fingerprint}): copy them, then resume");
        }
    }

    /// <summary>One line for a divergence: how many rows in which tables, the time range, what could not be captured.</summary>
    public static string Describe(DivergenceReport report, string file)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.IsEmpty)
        {
            return "no write diverged after the fork";
        }

        var tables = string.Join(", ", report.Tables.Where(t => t.Inserted + t.Updated + t.Conflicts + t.Deleted > 0).Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Table}: {t.Inserted} inserted{(t.Rekeyed > 0 ? $" ({t.Rekeyed} under a new key)" : "")}, {t.Updated} updated, {t.Conflicts} conflicting, {t.Deleted} deleted")));
        var range = report.FirstCommit is { } first && report.LastCommit is { } lastCommit ? string.Create(CultureInfo.InvariantCulture, $" committed {first:HH:mm:ss.fff}–{lastCommit:HH:mm:ss.fff}Z") : "";
        var uncaptured = report.Uncaptured.IsEmpty ? "" : $"; NOT captured: {string.Join("; ", report.Uncaptured)}";
        return string.Create(CultureInfo.InvariantCulture, $"{report.Rows} rows in {report.Transactions} transactions{range} ({tables}) exported to {file}{uncaptured}");
    }
}
