namespace Pilotlight.Core.Runbooks;

/// <summary>
/// What an execution acts on, journaled as fields of <see cref="JournalEntry.ExecutionStarted"/> so that a resumed
/// execution knows it without parsing text: its operation (failover), the site it leaves and the one it goes to,
/// and a fingerprint of the plan it was built from.
/// </summary>
public sealed record ExecutionTarget(string Operation, string From, string To, string PlanFingerprint);
