using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>Observes both sites through the providers and judges whether the standby can take over now.</summary>
    public Task<ReadinessReport> ReadinessAsync(CancellationToken cancellationToken) => ReadinessAsync(null, cancellationToken);

    /// <summary>
    /// The same, with the standby's database status already observed (null: observe it now). Every part is asked at
    /// once; a part that cannot be asked is a failing check with its reason, never an exception.
    /// </summary>
    private async Task<ReadinessReport> ReadinessAsync(DatabaseStatus? standbyDatabase, CancellationToken cancellationToken)
    {
        var sites = Sites;
        var active = sites.Active;
        var standby = Plan.OtherSite(active);
        var providers = Providers;
        var database = standbyDatabase is not null ? Task.FromResult(new Reply<DatabaseStatus>(standbyDatabase, null))
            : providers.Database is { } databases ? Ask(ct => databases.GetStatusAsync(standby, ct), cancellationToken)
            : Task.FromResult(new Reply<DatabaseStatus>(null, null));
        var entry = Ask(ct => providers.Traffic.GetStatusAsync(ct), cancellationToken);
        var objects = providers.Objects is { } store ? Ask(ct => store.GetBacklogAsync(active, standby, ct), cancellationToken) : Task.FromResult<Reply<ObjectBacklog>>(new(null, null));
        var direction = providers.Objects is { } replicated ? Ask(ct => DirectionAsync(replicated, ct), cancellationToken) : Task.FromResult<Reply<ReplicationDirection?>>(new(null, null));
        var activeArtifact = Ask(ct => providers.Compute.GetArtifactVersionAsync(active, ct), cancellationToken);
        var standbyArtifact = Ask(ct => providers.Compute.GetArtifactVersionAsync(standby, ct), cancellationToken);
        Task<Reply<SecretsStatus>> SecretsOf(string site) => providers.Secrets is { } secrets ? Ask(ct => secrets.GetStatusAsync(site, ct), cancellationToken) : Task.FromResult<Reply<SecretsStatus>>(new(null, null));
        var activeSecrets = SecretsOf(active);
        var standbySecrets = SecretsOf(standby);
        await Task.WhenAll(database, entry, objects, direction, activeArtifact, standbyArtifact, activeSecrets, standbySecrets);

        var route = (await entry).Value;
        var standbySecret = (await standbySecrets).Value;
        var report = ReadinessRules.Evaluate(Plan, standby, new ReadinessObservations
        {
            // A question that got no answer is an unreachable standby, with the reason, not a silent "not observed".
            StandbyDatabase = (await database) is { Value: null, Problem: { } why } && providers.Database is not null
                ? new DatabaseStatus(standby, DatabaseRole.Unreachable, null, null, null, null, false, why)
                : (await database).Value,
            StandbyDatabaseFenced = sites.IsFenced(standby),
            ObjectBacklog = (await objects).Value,
            ObjectsProblem = (await objects).Problem,
            ObjectsDirection = (await direction).Value,
            ObjectsDirectionProblem = (await direction).Problem,
            ActiveArtifact = (await activeArtifact).Value,
            StandbyArtifact = (await standbyArtifact).Value,
            ComputeProblem = (await standbyArtifact).Problem,
            EntryHasStandbyBackend = route?.Servers.Any(s => s.Site == standby) ?? false,
            EntryProblem = (await entry).Problem,
            ActiveSecrets = (await activeSecrets).Value?.Fingerprint,
            StandbySecrets = standbySecret?.Fingerprint,
            SecretsProblem = (await standbySecrets).Problem ?? standbySecret?.Problem,
            UnprobedVantagePoints = [.. Plan.Health.VantagePoints.Select(v => v.Name).Where(v => !Probes(active).ContainsKey(v))],
        });
        return report with { RoutedSite = route?.ActiveSite };
    }

    // A damaged direction file is a failing check that names it, not the controller's end: it must still fail over.
    private static async Task<ReplicationDirection?> DirectionAsync(IObjectStoreProvider store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetDirectionAsync(cancellationToken);
        }
        catch (Core.State.DamagedStateException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>One question to a provider: its answer, or why there is none (bounded by the probe timeout × 4).</summary>
    private async Task<Reply<T>> Ask<T>(Func<CancellationToken, Task<T>> question, CancellationToken cancellationToken)
    {
        var bound = TimeSpan.FromTicks(Math.Max(Plan.Health.Timeout.Ticks * 4, TimeSpan.FromSeconds(2).Ticks));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(bound);
            return new Reply<T>(await question(timeout.Token).WaitAsync(bound, cancellationToken), null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (IsTransient(e) || e is OperationCanceledException))
        {
            return new Reply<T>(default, e is OperationCanceledException or TimeoutException ? $"no answer within {bound.TotalSeconds:0.#}s" : e.Message.ReplaceLineEndings(" "));
        }
    }

    private sealed record Reply<T>(T? Value, string? Problem);

    /// <summary>
    /// A question asked before acting — preflight, readiness — that times out once on a busy machine is no reason to
    /// refuse: asked up to three times, a second apart, until the answer is <paramref name="good"/>; the last answer.
    /// </summary>
    private async Task<T> AskRoundsAsync<T>(Func<Task<T>> ask, Func<T, bool> good, CancellationToken cancellationToken)
    {
        var answer = await ask();
        for (var round = 1; round < 3 && !good(answer); round++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Clock, cancellationToken);
            answer = await ask();
        }

        return answer;
    }
}
