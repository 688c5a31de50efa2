using System.Text.Json;

namespace Pilotlight.Lab;

/// <summary>What a lab was created with (ports, replication mode, site networks) and which site is active, kept in <c>lab.json</c>.</summary>
public sealed record LabState(int BasePort, bool Synchronous, string ActiveSite, bool Netns = false)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static LabState? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
