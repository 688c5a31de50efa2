namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>What Pilotlight reads of an Aurora DB cluster: its state and the global database it belongs to, if any.</summary>
internal sealed record DbCluster
{
    public required string Identifier { get; init; }

    public string? Arn { get; init; }

    /// <summary>available, failing-over, stopped, ... (RDS's DBCluster Status).</summary>
    public string? Status { get; init; }

    /// <summary>The global cluster it is a member of; null for a standalone cluster (and in moto 5.2.1 never cleared).</summary>
    public string? GlobalCluster { get; init; }
}
