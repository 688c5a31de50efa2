using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.State;

namespace Pilotlight.Engine.Drills;

/// <summary>
/// What a drill keeps beside its journal (<c>executions/ID.drill.json</c>), rewritten durably after each change, so
/// that a resumed drill continues with the same request, hold deadline, smoke results and measurements.
/// </summary>
public sealed record DrillRecord
{
    public required string Name { get; init; }

    public required DrillMode Mode { get; init; }

    public required double DurationSeconds { get; init; }

    public DrillFault Fault { get; init; } = DrillFault.Switchover;

    public double? LoadRate { get; init; }

    public DateTimeOffset? FaultInjectedAt { get; init; }

    /// <summary>The standby's replication lag measured just before the site was lost (or the switchover began).</summary>
    public double? LagAtFailureSeconds { get; init; }

    public long? LagAtFailureBytes { get; init; }

    public string? LagSource { get; init; }

    public Detection? Detection { get; init; }

    public DateTimeOffset? HoldUntil { get; init; }

    public ImmutableArray<SmokeResult> Smoke { get; init; } = [];

    public bool SmokeChecked { get; init; }

    public DateTimeOffset? CloneStartedAt { get; init; }

    public DateTimeOffset? ServingAt { get; init; }

    public DatabaseCloneRecord? CloneServer { get; init; }

    public ImmutableArray<string> Addresses { get; init; } = [];

    public DrillRequest Request => new(Mode, TimeSpan.FromSeconds(DurationSeconds)) { Fault = Fault, LoadRate = LoadRate, Name = Name };

    public static DrillRecord For(DrillRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DrillRecord { Name = request.Name, Mode = request.Mode, DurationSeconds = request.Duration.TotalSeconds, Fault = request.Fault, LoadRate = request.LoadRate };
    }

    public static DrillRecord? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DrillRecord>(File.ReadAllText(path), EvidenceFile.Json)
                ?? throw new DamagedStateException(path, $"{path}: null; expected the drill record a drill writes");
        }
        catch (JsonException e)
        {
            throw new DamagedStateException(path, $"{path}: not a drill record ({e.Message}); expected the JSON a drill writes");
        }
    }

    public void Save(string path)
    {
        DurableFile.WriteJson(path, this, EvidenceFile.Json);
    }
}

/// <summary>The clone an isolated drill made, as the database provider described it.</summary>
public sealed record DatabaseCloneRecord(string Site, string Name, string Host, int Port, string DataDirectory, string? Lsn);
