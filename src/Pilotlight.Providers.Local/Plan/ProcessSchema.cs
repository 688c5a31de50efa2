using System.Collections.Immutable;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local;

/// <summary><c>compute.provider: process</c> — instances of a local command, one port each.</summary>
internal sealed class ProcessSchema : IProviderSchema
{
    public ResourceKind Kind => ResourceKind.Compute;

    public string Name => "process";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var command = config.Text("command", required: true, "the program to run, e.g. dotnet");
        var args = config.StringList("args").Select(a => a.Value).ToImmutableArray();
        var workingDir = config.Text("working_dir");
        var readiness = config.Text("ready_path") ?? "/readyz";
        var ports = context.ReadPerSite(config, (block, _) => block.Port("base_port", required: true) is { } port ? new ProcessPorts(port) : null);
        ProviderChecks.DistinctPerSite(config, ports, p => p.BasePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "base_port");
        if (!readiness.StartsWith('/'))
        {
            config.Report("ready_path", $"'{readiness}' does not start with /", "a path such as /readyz");
            return null;
        }

        return command is null || ports.Count != context.Sites.Length ? null : new ProcessSettings(command, args, workingDir, readiness, ports);
    }
}

/// <summary>Settings of the <c>process</c> compute provider: instance i of a site listens on its base port + i.</summary>
public sealed record ProcessSettings(string Command, ImmutableArray<string> Args, string? WorkingDir, string ReadyPath, ImmutableDictionary<string, ProcessPorts> Ports) : ProviderSettings;

/// <summary>The first port of a site's instances.</summary>
public sealed record ProcessPorts(int BasePort);
