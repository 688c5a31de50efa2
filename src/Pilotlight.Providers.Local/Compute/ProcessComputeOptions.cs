using System.Collections.Immutable;

namespace Pilotlight.Providers.Local.Compute;

/// <summary>How one site's instances are run: the command, where each listens, where their records live.</summary>
public sealed record ProcessComputeOptions
{
    public required string Site { get; init; }

    public required string FileName { get; init; }

    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>Environment of every instance; the instance's port is added under <see cref="PortVariable"/>.</summary>
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string PortVariable { get; init; } = "PORT";

    public string? WorkingDirectory { get; init; }

    /// <summary>The address instances listen on and are checked at.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>A network namespace the instances run in; null: this one.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Instance i listens on BasePort + i.</summary>
    public required int BasePort { get; init; }

    public required int MaxInstances { get; init; }

    /// <summary>PID records, the desired count and the lock live here.</summary>
    public required string StateDirectory { get; init; }

    public required string LogDirectory { get; init; }

    public string ReadyPath { get; init; } = "/readyz";

    public string HealthPath { get; init; } = "/healthz";

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An isolated drill's instance i listens on DrillBasePort + i; null: <see cref="BasePort"/> + <see cref="DefaultDrillOffset"/>.</summary>
    public int? DrillBasePort { get; init; }

    /// <summary>
    /// Set over <see cref="Environment"/> for an isolated drill's instances, with <c>{database_host}</c>,
    /// <c>{database_port}</c> and <c>{name}</c> filled in from the clone they run against. Empty: the site runs no
    /// isolated drill (nothing would point its instances away from the production database).
    /// </summary>
    public ImmutableDictionary<string, string> DrillEnvironment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>How far above the site's own ports an isolated drill's instances listen when the plan does not say.</summary>
    public const int DefaultDrillOffset = 50;
}
