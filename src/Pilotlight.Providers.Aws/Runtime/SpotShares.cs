using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// Each group's on-demand percentage as it was before a failover set it to 100, kept durably under the plan's state
/// directory so that the way back to pilot light restores the group's own spot share, also from another process.
/// </summary>
internal sealed class SpotShares(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _lock = new();

    public void Remember(AwsAsgGroup group, int onDemandPercentage)
    {
        lock (_lock)
        {
            DurableFile.WriteJson(path, Read().SetItem(Key(group), onDemandPercentage), Json);
        }
    }

    public int? Recall(AwsAsgGroup group)
    {
        lock (_lock)
        {
            return Read().TryGetValue(Key(group), out var share) ? share : null;
        }
    }

    private static string Key(AwsAsgGroup group) => $"{group.Region}/{group.Group}";

    private ImmutableSortedDictionary<string, int> Read() =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<ImmutableSortedDictionary<string, int>>(File.ReadAllText(path)) ?? ImmutableSortedDictionary<string, int>.Empty
            : ImmutableSortedDictionary<string, int>.Empty;
}
