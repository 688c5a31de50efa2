using System.Text.Json;
using Pilotlight.Core.Providers;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// The direction the filesystem store's continuous replication runs in, kept in the plan's state directory as
/// <c>objects-direction.json</c>: written by <see cref="FilesystemObjectStore.ReplicateAsync"/> (and once by
/// <c>lab up</c>), followed by every <see cref="DirectionFollower"/>.
/// </summary>
public static class ReplicationDirectionFile
{
    public const string FileName = "objects-direction.json";

    private const string Expected = """{"Source":SITE,"Target":SITE,"Updated":TIME} naming two different sites of the store, as Pilotlight writes it""";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// The recorded direction, or null when none was written. A file that is not one — not JSON, cut short, a site
    /// the store does not have, both ends the same — is refused (<see cref="DamagedStateException"/>), never guessed
    /// around: replicating the wrong way deletes the copy that is meant to be kept.
    /// </summary>
    public static ReplicationDirection? Load(string path, IReadOnlyCollection<string> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = new StateFile(path, "an objects replication direction", Expected);
        var root = file.ReadObject();
        var source = Site(file, root, nameof(ReplicationDirection.Source), sites);
        var target = Site(file, root, nameof(ReplicationDirection.Target), sites);
        _ = file.Time(root, "Updated");
        return source != target ? new ReplicationDirection(source, target) : throw file.Damaged($"Source and Target are both \"{source}\"");
    }

    /// <summary>Writes the direction atomically (a temp file beside it, flushed, then renamed over it).</summary>
    public static void Save(string path, ReplicationDirection direction, DateTimeOffset updated)
    {
        ArgumentNullException.ThrowIfNull(direction);
        // Two writers at once never interleave: the last rename wins whole.
        Core.State.DurableFile.WriteJson(path, new { direction.Source, direction.Target, Updated = updated }, Json);
    }

    private static string Site(StateFile file, JsonElement root, string name, IReadOnlyCollection<string> sites)
    {
        var site = file.Text(root, name);
        return sites.Contains(site)
            ? site
            : throw file.Damaged($"{name} is \"{(site.Length > 20 ? site[..20] + "…" : site)}\", not a site of the store ({string.Join(", ", sites)})");
    }
}
