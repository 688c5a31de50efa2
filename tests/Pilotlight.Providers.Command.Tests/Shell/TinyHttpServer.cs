using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pilotlight.Providers.Command.Tests.Shell;

/// <summary>A real HTTP listener on an ephemeral 127.0.0.1 port that answers every GET 200 with a fixed body.</summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _body;
    private int _requests;

    public TinyHttpServer(string body)
    {
        _body = body;
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(_stop.Token));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => $"127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The request line of the last request, e.g. <c>GET /healthz HTTP/1.1</c>.</summary>
    public string? LastRequestLine { get; private set; }

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

        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            LastRequestLine = request.ToString().Split("\r\n")[0];
            Interlocked.Increment(ref _requests);
            var body = Encoding.UTF8.GetBytes(_body);
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
        }
    }
}
