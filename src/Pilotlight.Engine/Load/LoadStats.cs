namespace Pilotlight.Engine.Load;

/// <summary>
/// A live snapshot of a load run. <see cref="Acknowledged"/> counts only writes already in the ledger (when one is
/// kept: they reach it in batches every 50 ms); <see cref="Errors"/> includes <see cref="Shed"/> requests, so once
/// the run ended <c>Acknowledged + Errors</c> is every request that fell due.
/// </summary>
public sealed record LoadStats(
    TimeSpan Elapsed,
    long Sent,
    long Acknowledged,
    long Errors,
    long Shed,
    int InFlight,
    long AcknowledgedLastSecond,
    double? P50Ms,
    double? P99Ms,
    double? MaxMs);
