namespace Pilotlight.Core.Ledger;

/// <summary>
/// One acknowledged write, as a load generator heard it: the client's unique reference, the id and site the answer
/// named (when it did), when the acknowledgement arrived and how long the request took. One line of a ledger file:
/// <c>{"ref":"…","id":123,"site":"a","at":"2026-…Z","latency_ms":3.2}</c>.
/// </summary>
public sealed record LedgerEntry(string Ref, long? Id, string? Site, DateTimeOffset At, double LatencyMs);
