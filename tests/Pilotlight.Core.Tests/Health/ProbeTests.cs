using System.Net;
using System.Net.Sockets;
using System.Text;
using Pilotlight.Core.Health;

namespace Pilotlight.Core.Tests.Health;

/// <summary>Probes against a real HTTP server on loopback that answers with a chosen status, body and delay.</summary>
public sealed class ProbeTests : IAsyncLifetime, IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private Task _serving = Task.CompletedTask;

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener.Start();
        _serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_serving, Task.Delay(1000));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }

    private HttpProbe Http(string path, int expect = 200, string? body = null, int? maxLatencyMs = null, int timeoutMs = 1000) =>
        new("shop", new Uri($"http://127.0.0.1:{Port}{path}"), expect, body, maxLatencyMs is { } l ? TimeSpan.FromMilliseconds(l) : null, TimeSpan.FromMilliseconds(timeoutMs), _http);

    [Fact]
    public async Task Http_ExpectedStatus_Succeeds()
    {
        var result = await Http("/status/200").RunAsync(CancellationToken.None);
        result.ShouldBe(result with { Success = true, Detail = "status 200" });
    }

    [Fact]
    public async Task Http_OtherStatus_FailsSayingWhich() =>
        (await Http("/status/503").RunAsync(CancellationToken.None)).Detail.ShouldBe("status 503, expected 200");

    [Fact]
    public async Task Http_BodyMismatch_Fails()
    {
        (await Http("/status/200", body: "\"ok\"").RunAsync(CancellationToken.None)).Success.ShouldBeTrue();
        (await Http("/status/200", body: "healthy").RunAsync(CancellationToken.None)).Detail.ShouldBe("body lacks 'healthy'");
    }

    [Fact]
    public async Task Http_SlowerThanLatencyBound_Fails()
    {
        // A timeout far beyond the delay: on a loaded 2-core machine the 300 ms answer may take over a second.
        var result = await Http("/delay/300", maxLatencyMs: 50, timeoutMs: 10_000).RunAsync(CancellationToken.None);
        result.Success.ShouldBeFalse();
        result.Detail.ShouldEndWith("over 50 ms");
    }

    [Fact]
    public async Task Http_NoAnswerWithinTimeout_FailsAsTimeout()
    {
        var result = await Http("/delay/3000", timeoutMs: 200).RunAsync(CancellationToken.None);
        result.ShouldBe(result with { Success = false, Detail = "no answer within 200 ms" });
    }

    [Fact]
    public async Task Http_NothingListening_Fails()
    {
        var closed = FreePort();
        var probe = new HttpProbe("shop", new Uri($"http://127.0.0.1:{closed}/"), 200, null, null, TimeSpan.FromSeconds(1), _http);
        (await probe.RunAsync(CancellationToken.None)).Success.ShouldBeFalse();
    }

    [Fact]
    public async Task Tcp_OpenAndClosedPorts()
    {
        (await new TcpProbe("entry", "127.0.0.1", Port, TimeSpan.FromSeconds(1)).RunAsync(CancellationToken.None)).Success.ShouldBeTrue();
        var closed = await new TcpProbe("entry", "127.0.0.1", FreePort(), TimeSpan.FromSeconds(1)).RunAsync(CancellationToken.None);
        closed.Success.ShouldBeFalse();
        closed.Detail.ShouldStartWith("127.0.0.1:");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // GET /status/N answers N with {"status":"ok"}; GET /delay/MS answers 200 after MS milliseconds.
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        var path = Encoding.ASCII.GetString(buffer, 0, read).Split(' ')[1].Split('/');
                        var status = path[1] == "status" ? int.Parse(path[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
                        if (path[1] == "delay")
                        {
                            await Task.Delay(int.Parse(path[2], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
                        }

                        var body = Encoding.ASCII.GetBytes("{\"status\":\"ok\"}");
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
                        await stream.WriteAsync(body, _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                    {
                    }
                }
            });
        }
    }
}
