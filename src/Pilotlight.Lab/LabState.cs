using System.Text.Json;

using Pilotlight.Core.State;

namespace Pilotlight.Lab;

/// <summary>What a lab was created with (ports, replication mode, site networks) and which site is active, kept in <c>lab.json</c>.</summary>
public sealed record LabState(int BasePort, bool Synchronous, string ActiveSite, bool Netns = false)
{
    /// <summary>What <see cref="Load"/> accepts, as its refusal says.</summary>
    public const string Expected = """{"BasePort":1024..65000,"Synchronous":true|false,"ActiveSite":"a"|"b","Netns":true|false} as lab up writes it""";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// The lab's state, or null when there is no <c>lab.json</c>. A file that is not a lab state — not JSON, cut
    /// short, a field missing or out of range — is refused (<see cref="DamagedStateException"/>), never read as
    /// defaults: those would be another lab's ports.
    /// </summary>
    public static LabState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = new StateFile(path, "a lab state", Expected);
        var root = file.ReadObject();
        var basePort = file.Number(root, nameof(BasePort), 1024, 65000);
        var synchronous = file.Boolean(root, nameof(Synchronous));
        var active = file.Text(root, nameof(ActiveSite));
        if (!LabLayout.Sites.Contains(active))
        {
            throw file.Damaged($"{nameof(ActiveSite)} is \"{(active.Length > 20 ? active[..20] + "…" : active)}\", not a or b");
        }

        return new LabState(basePort, synchronous, active, file.Boolean(root, nameof(Netns), absent: false));
    }

    public void Save(string path)
    {
        Core.State.DurableFile.WriteJson(path, this, Json);
    }
}
