using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Pilotlight.Lab;

/// <summary>
/// A steady, bounded write load through the entry — a few workers placing orders until stopped or out of budget —
/// that remembers every acknowledged order, so outages can be measured as clients see them and losses counted.
/// </summary>
public sealed class OrderLoad : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly ConcurrentQueue<AcknowledgedOrder> _acknowledged = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _workers;
    private int _failures;

    private OrderLoad(Uri entry, int workers, int maxOrders, TimeSpan maxDuration, string clientRef)
    {
        _stop = new CancellationTokenSource(maxDuration);
        var placed = 0;
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!_stop.IsCancellationRequested && Interlocked.Increment(ref placed) <= maxOrders)
            {
                try
                {
                    using var response = await Http.PostAsJsonAsync(new Uri(entry, "/orders"), new { sku = "SKU-5", qty = 1, client_ref = clientRef }, _stop.Token);
                    if (response.StatusCode == HttpStatusCode.Created && await response.Content.ReadFromJsonAsync<Answer>(_stop.Token) is { } answer)
                    {
                        _acknowledged.Enqueue(new AcknowledgedOrder(answer.Id, answer.Site, DateTimeOffset.UtcNow));
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                }

                Interlocked.Increment(ref _failures);
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }));
    }

    public IReadOnlyList<AcknowledgedOrder> Acknowledged => [.. _acknowledged.OrderBy(o => o.At)];

    public int Failures => _failures;

    /// <summary>Starts the load: <paramref name="workers"/> clients, at most <paramref name="maxOrders"/> orders and <paramref name="maxDuration"/>.</summary>
    public static OrderLoad Start(Uri entry, string clientRef, int workers = 2, int maxOrders = 20_000, TimeSpan? maxDuration = null) =>
        new(entry, workers, maxOrders, maxDuration ?? TimeSpan.FromMinutes(2), clientRef);

    /// <summary>Last acknowledgement before <paramref name="instant"/> to the first after it: the outage clients saw.</summary>
    public (AcknowledgedOrder? Before, AcknowledgedOrder? After) Around(DateTimeOffset instant)
    {
        var orders = Acknowledged;
        return (orders.LastOrDefault(o => o.At <= instant), orders.FirstOrDefault(o => o.At > instant && o.Site != orders.LastOrDefault(b => b.At <= instant)?.Site));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _workers;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private sealed record Answer(long Id, string Site);
}

/// <summary>An order the Shop acknowledged (201 after COMMIT): by id, which site, and when the client heard it.</summary>
public sealed record AcknowledgedOrder(long Id, string Site, DateTimeOffset At);
