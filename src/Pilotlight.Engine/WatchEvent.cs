using Pilotlight.Core.Runbooks;

namespace Pilotlight.Engine;

/// <summary>Something the controller noticed or did, when, and the execution it ran if any.</summary>
public sealed record WatchEvent(DateTimeOffset At, string Kind, string Text, ExecutionResult? Execution = null);
