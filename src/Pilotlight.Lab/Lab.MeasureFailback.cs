using Pilotlight.Core.Runbooks;

namespace Pilotlight.Lab;

public sealed partial class Lab
{
    /// <summary>
    /// Returns the lab to site a after a failover, under a steady write load, and measures what clients saw: the
    /// write-unavailable window of its switchover (the last write acknowledged by site b → the first acknowledged
    /// by site a) and acknowledged writes missing afterwards. A site lost by a disaster is recovered first (its
    /// server restarted, its network healed), as an operator would before failing back. <paramref name="failback"/>
    /// runs the failback of the lab's plan on the engine, reporting its journal entries.
    /// </summary>
    public async Task<FailbackMeasurement> MeasureFailbackAsync(Func<Action<JournalEntry>?, CancellationToken, Task<ExecutionResult>> failback, Action<JournalEntry>? report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failback);
        RequireLab();
        var from = State.ActiveSite;
        var to = LabLayout.OtherSite(from);
        if (ReadDisaster(to) is not null)
        {
            await RecoverAsync(to, cancellationToken);
        }

        await using var load = OrderLoad.Start(Layout.EntryUrl, "failback", workers: 2, maxOrders: 50_000, maxDuration: TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var result = await failback(report, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await load.StopAsync();

        var acknowledged = load.Acknowledged;
        var lastOld = acknowledged.LastOrDefault(o => o.Site == from);
        var firstNew = lastOld is null ? null : acknowledged.FirstOrDefault(o => o.Site == to && o.At > lastOld.At);
        return new FailbackMeasurement(
            result,
            lastOld is not null && firstNew is not null ? firstNew.At - lastOld.At : null,
            acknowledged.Count,
            await CountMissingAsync(acknowledged, cancellationToken));
    }
}

/// <summary>One measured failback under load: its execution, the write-unavailable window of its switchover, and acknowledged writes missing afterwards.</summary>
public sealed record FailbackMeasurement(ExecutionResult Execution, TimeSpan? WriteWindow, int Acknowledged, int LostAcknowledged)
{
    public bool Succeeded => Execution.Outcome == ExecutionOutcome.Succeeded;

    /// <summary>The execution from its start to its end.</summary>
    public TimeSpan? Duration => Execution.Finished - Execution.Started;

    /// <summary>How one step ended: its duration, and what it journaled (e.g. "rewound").</summary>
    public (TimeSpan? Took, string? Detail) Step(string id) =>
        Execution.Steps.FirstOrDefault(s => s.Step == id) is { } step ? (step.Duration, step.Detail) : (null, null);
}
