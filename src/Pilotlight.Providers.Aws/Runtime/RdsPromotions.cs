using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// The read replicas Pilotlight promoted, with the source each had, kept durably under the plan's state directory.
/// moto 5.2.1 keeps ReadReplicaSourceDBInstanceIdentifier after PromoteReadReplica (and AWS may show it for a while),
/// so the API alone would go on calling a promoted instance a standby — and a waiter for the field to vanish waits
/// forever. An instance recorded here still showing the same source reads as a primary; one showing no source any
/// more (AWS caught up) or another source (rebuilt as a replica since) is forgotten.
/// </summary>
internal sealed class RdsPromotions(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _lock = new();

    public void Record(AwsRdsInstance instance, string source, DateTimeOffset at)
    {
        lock (_lock)
        {
            DurableFile.WriteJson(path, Read().SetItem(Key(instance), new Promotion(source, at)), Json);
        }
    }

    /// <summary>True when <paramref name="instance"/>, reported as a replica of <paramref name="source"/>, was promoted by Pilotlight from that source.</summary>
    public bool WasPromoted(AwsRdsInstance instance, string? source)
    {
        lock (_lock)
        {
            var all = Read();
            if (!all.TryGetValue(Key(instance), out var promotion))
            {
                return false;
            }

            if (source == promotion.Source)
            {
                return true;
            }

            DurableFile.WriteJson(path, all.Remove(Key(instance)), Json);
            return false;
        }
    }

    private static string Key(AwsRdsInstance instance) => $"{instance.Region}/{instance.Instance}";

    private ImmutableSortedDictionary<string, Promotion> Read() =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<ImmutableSortedDictionary<string, Promotion>>(File.ReadAllText(path)) ?? ImmutableSortedDictionary<string, Promotion>.Empty
            : ImmutableSortedDictionary<string, Promotion>.Empty;

    /// <summary>One promotion: the replica's source then, and when.</summary>
    internal sealed record Promotion(string Source, DateTimeOffset At);
}
