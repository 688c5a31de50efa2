using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pilotlight.Engine.Tests.Load;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 for load tests: keep-alive, answers each request after a delay with a
/// status and <c>{"id":N,"site":"t"}</c> (Content-Length or chunked), or never (silent). Counts what it received.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private static int _nextPort = 31500;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private long _received;

    private TestHttpServer(TcpListener listener, TimeSpan delay, int status, bool chunked, bool silent)
    {
        _listener = listener;
        Delay = delay;
        Status = status;
        Chunked = chunked;
        Silent = silent;
        _accepting = AcceptAsync();
    }

    public TimeSpan Delay { get; }

    public int Status { get; }

    public bool Chunked { get; }

    public bool Silent { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public long Received => Interlocked.Read(ref _received);

    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>A port of this test run's range (31500–31599) with nothing listening.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            if (port > 31599)
            {
                throw new InvalidOperationException("no free port left in 31500-31599");
            }

            try
            {
                var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    public static TestHttpServer Start(TimeSpan delay = default, int status = 201, bool chunked = false, bool silent = false)
    {
        var listener = new TcpListener(IPAddress.Loopback, FreePort());
        listener.Start(1024);
        return new TestHttpServer(listener, delay, status, chunked, silent);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
                var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                var total = headerEnd + 4 + length;
                while (filled < total)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                Bodies.Enqueue(Encoding.UTF8.GetString(buffer, headerEnd + 4, length));
                var number = Interlocked.Increment(ref _received);
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
                if (Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, _stop.Token);
                }

                var body = $"{{\"id\":{number},\"site\":\"t\",\"extra\":[1,{{\"id\":\"nested\"}}]}}";
                var half = body.Length / 2;
                var answer = Chunked
                    ? $"HTTP/1.1 {Status} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{half:x}\r\n{body[..half]}\r\n{body.Length - half:x}\r\n{body[half..]}\r\n0\r\n\r\n"
                    : $"HTTP/1.1 {Status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }
}
