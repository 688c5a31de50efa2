using Pilotlight.Core.Notifications;

namespace Pilotlight.Engine.Notifications;

/// <summary>
/// One notification target's bounded queue and its sender (a webhook's, an SNS topic's): one delivery at a time, in
/// order, so a receiver that is down delays only its own events. The sender runs while there is work and ends when the queue is empty.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The abandon source lives as long as the process's notifier; one replaced by Abandon is cancelled, not disposed, as a sender may still hold its token.")]
internal sealed partial class WebhookQueue(INotificationTarget target, WebhookNotifier notifier)
{
    private readonly Lock _gate = new();
    private readonly Queue<Delivery> _items = new();
    // Drops counted per event name, not kept: while a receiver hangs, a busy publisher must not grow memory.
    private readonly Dictionary<string, int> _dropped = new(StringComparer.Ordinal);
    private CancellationTokenSource _abandon = new();
    private TaskCompletionSource? _idle;
    private bool _inFlight;

    public INotificationTarget Target => target;

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _items.Count + (_inFlight ? 1 : 0);
            }
        }
    }

    /// <summary>Completes when the sender has nothing left to do.</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _idle?.Task ?? Task.CompletedTask;
            }
        }
    }

    public void Enqueue(Delivery delivery)
    {
        var start = false;
        lock (_gate)
        {
            if (_items.Count >= notifier.Options.QueueCapacity)
            {
                var oldest = _items.Dequeue().Notification.Event;
                _dropped[oldest] = _dropped.GetValueOrDefault(oldest) + 1;
            }

            _items.Enqueue(delivery);
            if (_idle is null)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                start = true;
            }
        }

        if (start)
        {
            _ = Task.Run(SendAllAsync);
        }
    }

    /// <summary>Gives up on everything queued and in flight; returns how many events that was.</summary>
    public int Abandon(string why)
    {
        List<Delivery> queued;
        CancellationTokenSource abandon;
        bool inFlight;
        lock (_gate)
        {
            queued = [.. _items];
            _items.Clear();
            inFlight = _inFlight;
            abandon = _abandon;
            _abandon = new CancellationTokenSource();
        }

        abandon.Cancel();
        foreach (var delivery in queued)
        {
            Record(delivery, DeliveryRecord.Abandoned, error: why);
        }

        return queued.Count + (inFlight ? 1 : 0);
    }

    private async Task SendAllAsync()
    {
        while (true)
        {
            Delivery? next;
            CancellationToken abandon;
            List<KeyValuePair<string, int>> dropped;
            lock (_gate)
            {
                dropped = [.. _dropped];
                _dropped.Clear();
                _items.TryDequeue(out next);
                if (next is null && dropped.Count == 0)
                {
                    _idle?.TrySetResult();
                    _idle = null;
                    return;
                }

                _inFlight = next is not null;
                abandon = _abandon.Token;
            }

            foreach (var (eventName, count) in dropped)
            {
                var record = new DeliveryRecord(notifier.Clock.GetUtcNow(), eventName, "-", target.Name, target.Address, DeliveryRecord.Dropped)
                {
                    DroppedCount = count,
                    Error = $"the queue was full ({notifier.Options.QueueCapacity} undelivered events for this target): {count} of the oldest dropped",
                };
                notifier.Log.Append(record);
                notifier.Lost(record);
            }

            if (next is null)
            {
                continue;
            }

            try
            {
                await DeliverAsync(next, abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                Record(next, DeliveryRecord.Abandoned, error: "given up while being delivered: the process was exiting");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A sender that dies would leave its queue unserved for the rest of the process.
                Record(next, DeliveryRecord.Failed, error: $"not delivered: {e.Message.ReplaceLineEndings(" ")}");
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight = false;
                }
            }
        }
    }

    private void Record(Delivery delivery, string status, int? attempt = null, int? httpStatus = null, string? error = null, TimeSpan? retryIn = null)
    {
        var record = new DeliveryRecord(notifier.Clock.GetUtcNow(), delivery.Notification.Event, delivery.Id, target.Name, target.Address, status)
        {
            Attempt = attempt,
            HttpStatus = httpStatus,
            Error = error,
            RetryInMs = retryIn is { } wait ? (long)wait.TotalMilliseconds : null,
        };
        notifier.Log.Append(record);
        if (status is DeliveryRecord.Failed or DeliveryRecord.Dropped or DeliveryRecord.Abandoned)
        {
            notifier.Lost(record);
        }
    }
}
