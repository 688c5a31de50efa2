using Pilotlight.Providers.Local.Compute;
using Pilotlight.Providers.Postgres;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// What an isolated drill may have left running — its instances (PID records under <c>compute/SITE/drill-*/</c>)
    /// and its database clones (<c>pg/SITE/data.drill-*</c>, by their postmaster.pid) — stopped by PID; the files stay
    /// for the drill's own teardown, or for <c>--purge</c>.
    /// </summary>
    private async Task StopDrillsAsync(List<string> stopped, CancellationToken cancellationToken)
    {
        foreach (var site in LabLayout.Sites)
        {
            foreach (var path in ProcessCompute.DrillRecordPaths(Layout.ComputeDirectory(site)))
            {
                if (ReadRecord(path) is { IsAlive: true } instance)
                {
                    await Processes.Signals.StopAsync(instance, TimeSpan.FromSeconds(5), cancellationToken);
                    stopped.Add(instance.ToString());
                }
            }
        }

        foreach (var site in LabLayout.Sites)
        {
            var siteDirectory = Layout.DatabaseDirectory(site);
            var prefix = Path.GetFileName(Layout.DatabaseDataDirectory(site)) + ".drill-";
            if (!Directory.Exists(siteDirectory))
            {
                continue;
            }

            foreach (var clone in Directory.EnumerateDirectories(siteDirectory, prefix + "*").Order(StringComparer.Ordinal))
            {
                var node = new PostgresNode(new PostgresNodeOptions
                {
                    Site = $"{site} clone {Path.GetFileName(clone)[prefix.Length..]}",
                    BinDir = _options.PostgresBinDirectory,
                    DataDir = clone,
                    Port = Layout.DrillDatabasePort(site),
                    LogPath = clone + ".log",
                    RunAsUser = DatabaseUser,
                });
                if (node.Running is { } postgres)
                {
                    await StopPostgresAsync(postgres, cancellationToken);
                    stopped.Add(postgres.ToString());
                }
            }
        }
    }
}
