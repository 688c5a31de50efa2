using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// One JSON file under the plan's state directory holding a record per RDS instance (<c>region/instance</c>), each
/// change written atomically (DurableFile) under a lock: what the RDS API cannot tell Pilotlight later.
/// </summary>
internal sealed class RdsStateFile<T>(string path)
    where T : class
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _lock = new();

    public T? Get(AwsRdsInstance instance)
    {
        lock (_lock)
        {
            return Read().GetValueOrDefault(Key(instance));
        }
    }

    /// <summary>Replaces the instance's record with what <paramref name="change"/> makes of it (null: removed).</summary>
    public T? Update(AwsRdsInstance instance, Func<T?, T?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var all = Read();
            var before = all.GetValueOrDefault(Key(instance));
            var after = change(before);
            if (!ReferenceEquals(before, after))
            {
                DurableFile.WriteJson(path, after is null ? all.Remove(Key(instance)) : all.SetItem(Key(instance), after), Json);
            }

            return after;
        }
    }

    private static string Key(AwsRdsInstance instance) => $"{instance.Region}/{instance.Instance}";

    private ImmutableSortedDictionary<string, T> Read() =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<ImmutableSortedDictionary<string, T>>(File.ReadAllText(path)) ?? ImmutableSortedDictionary<string, T>.Empty
            : ImmutableSortedDictionary<string, T>.Empty;
}
