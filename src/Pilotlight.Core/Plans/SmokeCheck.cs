namespace Pilotlight.Core.Plans;

/// <summary>
/// One HTTP check that proves the workload works, run by drills against whatever serves it — the entry in a live
/// drill, the isolated instances in an isolated one: a request by path, an expected status, optionally a body match.
/// </summary>
public sealed record SmokeCheck(string Name, string Method, string Path, string? Body, int ExpectStatus, string? BodyContains, TimeSpan Timeout);
