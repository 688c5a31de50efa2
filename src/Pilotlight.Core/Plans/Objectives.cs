namespace Pilotlight.Core.Plans;

/// <summary>Recovery objectives: how long an outage may last and how much recent data may be lost.</summary>
public sealed record Objectives(TimeSpan Rto, TimeSpan Rpo);
