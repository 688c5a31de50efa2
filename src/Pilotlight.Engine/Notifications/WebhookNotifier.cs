using System.Collections.Immutable;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Notifications;

/// <summary>
/// Tells a plan's webhooks (and other notification targets: SNS topics) about events without ever holding up the caller: <see cref="Publish"/> formats the body
/// and queues it (a bounded queue per webhook, the oldest dropped when full) and returns; a sender per webhook,
/// started when there is work and gone when there is none, delivers in order with retries and backoff. Every outcome
/// goes to the <see cref="DeliveryLog"/>. A one-shot command calls <see cref="FlushAsync"/> before it exits.
/// </summary>
public sealed class WebhookNotifier
{
    private readonly ImmutableArray<WebhookQueue> _queues;
    private int _failed;

    /// <param name="targets">Further targets beside the webhooks (the plan's SNS topics, built by their provider family).</param>
    public WebhookNotifier(string planName, IEnumerable<Webhook> webhooks, string planDirectory, string deliveryLogPath, TimeProvider clock, NotifierOptions? options = null, IEnumerable<INotificationTarget>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        PlanName = planName;
        PlanDirectory = planDirectory;
        Log = new DeliveryLog(deliveryLogPath);
        Clock = clock;
        Options = options ?? new NotifierOptions();
        _queues = [.. webhooks.Select(w => (INotificationTarget)new WebhookTarget(w, planDirectory, clock)).Concat(targets ?? []).Select(t => new WebhookQueue(t, this))];
    }

    public string PlanName { get; }

    /// <summary>Relative secret files are read from here (the plan's directory).</summary>
    public string PlanDirectory { get; }

    public DeliveryLog Log { get; }

    public TimeProvider Clock { get; }

    public NotifierOptions Options { get; }

    /// <summary>
    /// Queues <paramref name="notification"/> for every webhook that subscribes to its event and returns at once.
    /// Never throws and never waits on a receiver: a problem becomes a line in the delivery log.
    /// </summary>
    public void Publish(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        foreach (var queue in _queues)
        {
            try
            {
                if (queue.Target.Wants(notification.Event))
                {
                    queue.Enqueue(new Delivery(Guid.NewGuid().ToString("N")[..16], notification, queue.Target.Format(notification)));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The caller is an execution or the controller: a notification problem is recorded, never thrown into it.
                Log.Append(new DeliveryRecord(Clock.GetUtcNow(), notification.Event, "-", queue.Target.Name, queue.Target.Address, DeliveryRecord.Failed) { Error = $"not queued: {e.Message.ReplaceLineEndings(" ")}" });
            }
        }
    }

    /// <summary>Whether there is no target at all: publishing is then a no-op.</summary>
    public bool IsEmpty => _queues.IsEmpty;

    /// <summary>Events queued or being delivered now, over all targets.</summary>
    public int Pending => _queues.Sum(q => q.Pending);

    /// <summary>
    /// Waits until every queued event was delivered or given up on, at most <paramref name="max"/>; what is still
    /// pending then is abandoned (recorded as such), so a command exits in bounded time. Never throws.
    /// </summary>
    public async Task<NotificationFlush> FlushAsync(TimeSpan max)
    {
        var drained = Task.WhenAll(_queues.Select(q => q.Idle));
        using var stop = new CancellationTokenSource();
        var bound = Task.Delay(max, Clock, stop.Token);
        if (await Task.WhenAny(drained, bound) == drained)
        {
            await stop.CancelAsync();
            return new NotificationFlush(Drained: true, Abandoned: 0) { Failed = Volatile.Read(ref _failed) };
        }

        var why = $"not delivered within the {max.TotalSeconds:0.#}s the process waits before it exits";
        var abandoned = _queues.Sum(q => q.Abandon(why));
        // The senders record what was in flight, then stop; that takes no receiver's time.
        await Task.WhenAny(Task.WhenAll(_queues.Select(q => q.Idle)), Task.Delay(TimeSpan.FromSeconds(1), Clock));
        return new NotificationFlush(Drained: false, Abandoned: abandoned) { Failed = Volatile.Read(ref _failed) };
    }

    /// <summary>
    /// Raised, on a sender's thread, for every event that will not be delivered (failed for good, dropped or
    /// abandoned), after it is logged: the controller shows it. A handler that throws is ignored.
    /// </summary>
    public event Action<DeliveryRecord>? NotDelivered;

    /// <summary>Counts a delivery that failed for good or was dropped, and tells whoever listens.</summary>
    internal void Lost(DeliveryRecord record)
    {
        if (record.Status is DeliveryRecord.Failed or DeliveryRecord.Dropped)
        {
            Interlocked.Add(ref _failed, record.DroppedCount ?? 1);
        }

        try
        {
            NotDelivered?.Invoke(record);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A listener's problem is not the delivery's.
        }
    }
}
