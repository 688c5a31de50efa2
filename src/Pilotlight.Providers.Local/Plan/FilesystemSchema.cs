using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local;

/// <summary>
/// <c>objects.provider: filesystem</c> — a directory of objects per site, replicated one way, in the direction kept in
/// the plan's state directory (<see cref="Objects.ReplicationDirectionFile"/>).
/// </summary>
internal sealed class FilesystemSchema : IProviderFactory
{
    public ResourceKind Kind => ResourceKind.Objects;

    public string Name => "filesystem";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var reconcile = config.Duration("reconcile_interval") ?? TimeSpan.FromSeconds(30);
        var paths = context.ReadPerSite(config, (block, _) => block.Text("path", required: true, "a directory path"));
        ProviderChecks.DistinctPerSite(config, paths, p => Path.GetFullPath(p), "path");
        return paths.Count == context.Sites.Length && (reconcile > TimeSpan.Zero) ? new FilesystemSettings(paths, reconcile) : null;
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Objects.FilesystemObjectStore(
            ((FilesystemSettings)settings).Paths.ToDictionary(p => p.Key, p => context.Resolve(p.Value)),
            context.Clock,
            Path.Combine(context.StateDirectory, Objects.ReplicationDirectionFile.FileName));
    }
}

/// <summary>Settings of the <c>filesystem</c> objects provider.</summary>
public sealed record FilesystemSettings(ImmutableDictionary<string, string> Paths, TimeSpan ReconcileInterval) : ProviderSettings;
