using System.Text.Json;
using System.Text.Json.Serialization;
using Pilotlight.Core.State;

namespace Pilotlight.Core.Evidence;

/// <summary>Reads and writes <see cref="ExecutionEvidence"/> as one snake_case JSON document, written aside and renamed into place.</summary>
public static class EvidenceFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The evidence file of the execution whose journal is <paramref name="journalPath"/>.</summary>
    public static string PathFor(string journalPath) => System.IO.Path.ChangeExtension(journalPath, ".evidence.json");

    /// <summary>Writes the evidence whole; <paramref name="flushToDisk"/> false for a checkpoint of a running execution.</summary>
    public static void Write(string path, ExecutionEvidence evidence, bool flushToDisk = true)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        DurableFile.WriteJson(path, evidence, Json, flushToDisk);
    }

    /// <summary>The evidence at <paramref name="path"/>, or null when there is none; a damaged file is refused.</summary>
    public static ExecutionEvidence? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ExecutionEvidence>(File.ReadAllText(path), Json)
                ?? throw new DamagedStateException(path, $"{path}: null; expected the evidence JSON an execution writes");
        }
        catch (JsonException e)
        {
            throw new DamagedStateException(path, $"{path}: not execution evidence ({e.Message}); expected the JSON an execution writes");
        }
    }
}
