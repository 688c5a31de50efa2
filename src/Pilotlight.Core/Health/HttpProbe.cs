using System.Diagnostics;
using System.Globalization;

namespace Pilotlight.Core.Health;

/// <summary>An HTTP GET that must answer the expected status within the timeout, optionally with a body match and a latency bound.</summary>
public sealed class HttpProbe(string name, Uri url, int expectStatus, string? bodyContains, TimeSpan? maxLatency, TimeSpan timeout, HttpClient http) : IProbe
{
    public string Name => name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var latency = clock.Elapsed;
            var status = (int)response.StatusCode;
            if (status != expectStatus)
            {
                return new ProbeResult(false, latency, string.Create(CultureInfo.InvariantCulture, $"status {status}, expected {expectStatus}"));
            }

            if (bodyContains is not null && !body.Contains(bodyContains, StringComparison.Ordinal))
            {
                return new ProbeResult(false, latency, $"body lacks '{bodyContains}'");
            }

            if (maxLatency is { } bound && latency > bound)
            {
                return new ProbeResult(false, latency, string.Create(CultureInfo.InvariantCulture, $"answered in {latency.TotalMilliseconds:0} ms, over {bound.TotalMilliseconds:0} ms"));
            }

            return new ProbeResult(true, latency, string.Create(CultureInfo.InvariantCulture, $"status {status}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalMilliseconds:0} ms"));
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, clock.Elapsed, e.Message);
        }
    }
}
