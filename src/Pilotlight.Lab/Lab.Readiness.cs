using System.Security.Cryptography;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Readiness;
using Pilotlight.Providers.Local.Objects;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>Observes both sites and judges whether the standby can take over now.</summary>
    public Task<ReadinessReport> ReadinessAsync(CancellationToken cancellationToken) => ReadinessAsync(null, cancellationToken);

    /// <summary>The same, with the standby's database status already observed (null: observe it now).</summary>
    private async Task<ReadinessReport> ReadinessAsync(DatabaseStatus? standbyDatabase, CancellationToken cancellationToken)
    {
        RequireLab();
        var active = State.ActiveSite;
        var standby = LabLayout.OtherSite(active);
        var databases = new PostgresDatabaseProvider(LabLayout.Sites.ToDictionary(s => s, Database));
        var databaseTask = standbyDatabase is null ? databases.GetStatusAsync(standby, cancellationToken) : Task.FromResult(standbyDatabase);
        bool entryKnowsStandby;
        try
        {
            entryKnowsStandby = (await Entry.GetStatusAsync(cancellationToken)).Servers.Any(s => s.Site == standby);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            entryKnowsStandby = false;
        }

        var artifact = Fingerprint(_options.ShopAssembly);
        return ReadinessRules.Evaluate(ReadPlan(), standby, new ReadinessObservations
        {
            StandbyDatabase = await databaseTask,
            StandbyDatabaseFenced = Database(standby).IsFenceMarked,
            ObjectBacklog = FilesystemObjectStore.Backlog(Layout.ObjectsDirectory(active), Layout.ObjectsDirectory(standby), DateTimeOffset.UtcNow),
            ActiveArtifact = artifact,
            StandbyArtifact = artifact,
            EntryHasStandbyBackend = entryKnowsStandby,
            ActiveSecrets = Fingerprint(Layout.SecretsPath(active)),
            StandbySecrets = Fingerprint(Layout.SecretsPath(standby)),
        });
    }

    private static string? Fingerprint(string path) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..12] : null;
}
