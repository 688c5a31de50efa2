namespace Pilotlight.Core.Health;

/// <summary>One probe's result from one vantage point: the evidence health verdicts are made of.</summary>
public sealed record ProbeObservation(string VantagePoint, string Site, string Probe, bool Success, TimeSpan Latency, string Detail, DateTimeOffset At);
