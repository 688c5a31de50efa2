using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pilotlight.Engine.Tests.Notifications;

/// <summary>
/// A real HTTP/1.1 receiver on 127.0.0.1 (a port in this suite's range, 33000-33999): it records every request's
/// headers and exact body bytes and answers with the statuses it is given in turn (then 200) — or, when
/// <see cref="Silent"/>, accepts and reads but never answers.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private static int _nextPort = 33000 + (Environment.ProcessId % 400);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _answers;
    private readonly Task _loop;
    private readonly List<TcpClient> _held = [];

    public WebhookReceiver(IEnumerable<int>? statuses = null, bool silent = false, string? retryAfter = null)
    {
        _answers = new ConcurrentQueue<(int, string?)>((statuses ?? []).Select(s => (s, retryAfter)));
        Silent = silent;
        _listener = Bind();
        _loop = Task.Run(() => ServeAsync(_stop.Token));
    }

    public bool Silent { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Connections accepted (a silent receiver's count, as it records no request).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    /// <summary>A port in the suite's range that nobody listens on (bound, then closed).</summary>
    public static int UnusedPort()
    {
        var listener = Bind();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        listener.Dispose();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private static TcpListener Bind()
    {
        for (var tries = 0; tries < 200; tries++)
        {
            var port = 33000 + ((Interlocked.Increment(ref _nextPort) - 33000) % 1000);
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException)
            {
                listener.Dispose();
            }
        }

        throw new InvalidOperationException("no free port in 33000-33999 for a webhook receiver");
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => AnswerAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken cancellationToken)
    {
        if (Silent)
        {
            // Accept, keep the connection open, never answer.
            lock (_held)
            {
                _held.Add(client);
            }

            return;
        }

        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new List<byte>();
                var chunk = new byte[8192];
                int headEnd;
                while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
                {
                    var read = await stream.ReadAsync(chunk, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                var head = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]).Split("\r\n");
                var headers = head.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
                var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var body = buffer.Skip(headEnd + 4).ToList();
                while (body.Count < length)
                {
                    var read = await stream.ReadAsync(chunk, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    body.AddRange(chunk.AsSpan(0, read));
                }

                Requests.Enqueue(new ReceivedRequest(head[0], headers, [.. body.Take(length)]));
                var (status, retryAfter) = _answers.TryDequeue(out var answer) ? answer : (200, null);
                var reply = $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Length: 0\r\nConnection: close\r\n{(retryAfter is null || status == 200 ? "" : $"Retry-After: {retryAfter}\r\n")}\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The sender went away (its timeout, the test's end).
            }
        }
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One request as the receiver read it: request line, headers, the exact body bytes.</summary>
internal sealed record ReceivedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Event => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("event").GetString()!;
}
