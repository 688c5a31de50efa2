using System.Net.Sockets;
using System.Text;

namespace Pilotlight.Providers.HAProxy;

/// <summary>The runtime API over its unix socket: one command per connection, the reply read until HAProxy closes it.</summary>
internal sealed class AdminSocket(string path)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token);
            var reply = new StringBuilder();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return reply.ToString();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"haproxy's admin socket {path} did not answer '{command}' within {Timeout.TotalSeconds:0}s");
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"haproxy's admin socket {path}: {e.Message}", e);
        }
    }

    /// <summary>Sends a command whose success is an empty reply; anything else is HAProxy's refusal.</summary>
    public async Task ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        var reply = (await SendAsync(command, cancellationToken)).Trim();
        if (reply.Length > 0)
        {
            throw new InvalidOperationException($"haproxy refused '{command}': {reply.Split('\n')[0]}");
        }
    }
}
