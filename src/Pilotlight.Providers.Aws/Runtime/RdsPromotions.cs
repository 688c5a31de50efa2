namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// The read replicas Pilotlight promoted, with the source each had, kept durably under the plan's state directory.
/// moto 5.2.1 keeps ReadReplicaSourceDBInstanceIdentifier after PromoteReadReplica (and AWS may show it for a while),
/// so the API alone would go on calling a promoted instance a standby — and a waiter for the field to vanish waits
/// forever. An instance recorded here still showing the same source reads as a primary; one showing no source any
/// more (AWS caught up) or another source (rebuilt as a replica since) is forgotten, and so is one a failback
/// created anew as a replica under the same name (whose source may be the very one recorded).
/// </summary>
internal sealed class RdsPromotions(string path)
{
    private readonly RdsStateFile<Promotion> _file = new(path);

    public void Record(AwsRdsInstance instance, string source, DateTimeOffset at) => _file.Update(instance, _ => new Promotion(source, at));

    /// <summary>True when <paramref name="instance"/>, reported as a replica of <paramref name="source"/>, was promoted by Pilotlight from that source.</summary>
    public bool WasPromoted(AwsRdsInstance instance, string? source) =>
        _file.Update(instance, promotion => promotion is null || source == promotion.Source ? promotion : null) is not null;

    /// <summary>A new read replica was created under <paramref name="instance"/>'s name: no promotion of it is known.</summary>
    public void Forget(AwsRdsInstance instance) => _file.Update(instance, _ => null);

    /// <summary>One promotion: the replica's source then, and when.</summary>
    internal sealed record Promotion(string Source, DateTimeOffset At);
}
