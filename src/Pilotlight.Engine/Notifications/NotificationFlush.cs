namespace Pilotlight.Engine.Notifications;

/// <summary>
/// What a flush achieved: every queued event delivered or given up on (<see cref="Drained"/>), else how many it
/// abandoned at its bound; and how many deliveries of this process failed for good or were dropped so far.
/// </summary>
public sealed record NotificationFlush(bool Drained, int Abandoned)
{
    public int Failed { get; init; }
}
