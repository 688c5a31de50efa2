using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

/// <summary>
/// Which site of a plan is active and which sites Pilotlight fenced, kept in the plan's state directory as
/// <c>site-state.json</c>. It changes only by an execution (failover) or a fence the controller applied; the observer
/// cross-checks it against what the providers report, and a disagreement is an event, never a silent overwrite.
/// </summary>
public sealed record SiteState(string Active, ImmutableArray<string> Fenced, DateTimeOffset? Updated = null, string? By = null)
{
    public const string FileName = "site-state.json";

    private const string Expected = """{"Active":SITE,"Fenced":[SITE…],"Updated":TIME|null,"By":TEXT|null} as Pilotlight writes it""";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The saved state, or null when none was saved yet. A file that is not one is refused, never guessed around.</summary>
    public static SiteState? Load(string path, IReadOnlyCollection<string> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = new StateFile(path, "a site state", Expected);
        var root = file.ReadObject();
        var active = file.Text(root, nameof(Active));
        if (!sites.Contains(active))
        {
            throw file.Damaged($"{nameof(Active)} is \"{(active.Length > 20 ? active[..20] + "…" : active)}\", not a site of the plan ({string.Join(", ", sites)})");
        }

        var fenced = ImmutableArray.CreateBuilder<string>();
        if (root.TryGetProperty(nameof(Fenced), out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || !sites.Contains(e.GetString()!)))
            {
                throw file.Damaged($"{nameof(Fenced)} is not a list of the plan's sites");
            }

            fenced.AddRange(list.EnumerateArray().Select(e => e.GetString()!));
        }

        return new SiteState(active, fenced.ToImmutable(), file.Time(root, nameof(Updated), optional: true), root.TryGetProperty(nameof(By), out var by) && by.ValueKind == JsonValueKind.String ? by.GetString() : null);
    }

    public bool IsFenced(string site) => Fenced.Contains(site);

    public void Save(string path)
    {
        DurableFile.WriteJson(path, this, Json);
    }
}
