namespace Pilotlight.Engine.Notifications;

/// <summary>What a flush achieved: every queued event delivered or given up on (drained), or how many it abandoned at its bound.</summary>
public sealed record NotificationFlush(bool Drained, int Abandoned);
