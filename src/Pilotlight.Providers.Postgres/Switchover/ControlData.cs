namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>What <c>pg_controldata</c> says about a cluster: its state, latest checkpoint and timeline.</summary>
/// <param name="State">e.g. <c>shut down</c>, <c>shut down in recovery</c>, <c>in production</c>, <c>in archive recovery</c>.</param>
internal sealed record ControlData(string State, string CheckpointLocation, int TimeLine, string MinRecoveryEnd)
{
    public const string ShutDown = "shut down";
    public const string ShutDownInRecovery = "shut down in recovery";

    public bool IsCleanlyShutDown => State is ShutDown or ShutDownInRecovery;

    /// <summary>Null when the output lacks a field (not pg_controldata's, or another version's wording).</summary>
    public static ControlData? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fields = output.Split('\n')
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
        return fields.TryGetValue("Database cluster state", out var state)
            && fields.TryGetValue("Latest checkpoint location", out var checkpoint)
            && fields.TryGetValue("Latest checkpoint's TimeLineID", out var timeline) && int.TryParse(timeline, out var tli)
            ? new ControlData(state, checkpoint, tli, fields.GetValueOrDefault("Minimum recovery ending location") ?? "0/0")
            : null;
    }
}
