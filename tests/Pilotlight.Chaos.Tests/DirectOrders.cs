using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// A client that bypasses the entry: it places orders straight at one site's Shop instances
/// (<see cref="LabLayout.InstanceBasePort"/> + i), one worker, bounded in count and time, remembering when each
/// request was sent and what answered it — so a write the old primary's Shop still acknowledged is seen.
/// </summary>
internal sealed class DirectOrders : IAsyncDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromMilliseconds(500), PooledConnectionLifetime = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(1),
    };

    private readonly ConcurrentQueue<DirectOrder> _acknowledged = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _worker;

    private DirectOrders(Lab lab, string site, int maxOrders, TimeSpan maxDuration)
    {
        _stop = new CancellationTokenSource(maxDuration);
        _worker = RunAsync(lab.Host(site), lab.Layout.InstanceBasePort(site), maxOrders);
    }

    /// <summary>Orders answered 201, oldest first.</summary>
    public IReadOnlyList<DirectOrder> Acknowledged => [.. _acknowledged.OrderBy(o => o.Sent)];

    public int Attempts { get; private set; }

    public static DirectOrders Start(Lab lab, string site, int maxOrders = 1500, TimeSpan? maxDuration = null) =>
        new(lab, site, maxOrders, maxDuration ?? TimeSpan.FromSeconds(90));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _worker;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(string host, int basePort, int maxOrders)
    {
        for (var i = 0; i < maxOrders && !_stop.IsCancellationRequested; i++)
        {
            Attempts = i + 1;
            var url = new Uri($"http://{host}:{basePort + (i % LabLayout.InstancesPerSite)}/orders");
            var sent = DateTimeOffset.UtcNow;
            try
            {
                using var response = await Http.PostAsJsonAsync(url, new { sku = "SKU-3", qty = 1, client_ref = "chaos-direct" }, _stop.Token);
                if (response.StatusCode == HttpStatusCode.Created && await response.Content.ReadFromJsonAsync<Answer>(_stop.Token) is { } answer)
                {
                    _acknowledged.Enqueue(new DirectOrder(answer.Id, answer.Site, sent, DateTimeOffset.UtcNow));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
            }

            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private sealed record Answer([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("site")] string Site);
}

/// <summary>An order a site's Shop acknowledged directly: sent when, answered when.</summary>
internal sealed record DirectOrder(long Id, string Site, DateTimeOffset Sent, DateTimeOffset Answered);
