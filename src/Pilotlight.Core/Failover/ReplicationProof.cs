namespace Pilotlight.Core.Failover;

/// <summary>
/// An instant at which the primary answered and the standby was seen to have replayed its commits up to
/// <see cref="LagThen"/> behind (0 when it had all of them): the anchor of every data-at-risk estimate.
/// </summary>
public sealed record ReplicationProof(string Primary, string Standby, DateTimeOffset At, TimeSpan LagThen);
