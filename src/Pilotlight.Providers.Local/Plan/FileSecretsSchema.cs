using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local;

/// <summary><c>secrets.provider: file</c> — a settings file per site that must match across sites.</summary>
internal sealed class FileSecretsSchema : IProviderFactory
{
    public ResourceKind Kind => ResourceKind.Secrets;

    public string Name => "file";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var paths = context.ReadPerSite(config, (block, _) => block.Text("path", required: true, "a file path"));
        ProviderChecks.DistinctPerSite(config, paths, p => Path.GetFullPath(p), "path");
        return paths.Count == context.Sites.Length ? new FileSecretsSettings(paths) : null;
    }

    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Secrets.FileSecrets(((FileSecretsSettings)settings).Paths.ToDictionary(p => p.Key, p => context.Resolve(p.Value)));
    }
}

/// <summary>Settings of the <c>file</c> secrets provider.</summary>
public sealed record FileSecretsSettings(ImmutableDictionary<string, string> Paths) : ProviderSettings;
