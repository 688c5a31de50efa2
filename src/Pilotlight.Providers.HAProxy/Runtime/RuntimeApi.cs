using System.Net;
using System.Net.Sockets;
using System.Text;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// HAProxy's runtime API (its <c>stats socket … level admin</c>) over a unix socket or TCP: one command per
/// connection, the reply read until HAProxy closes it, each command bounded by a timeout and the caller's token.
/// Every failure to reach it is one line in an <see cref="IOException"/>.
/// </summary>
internal sealed class RuntimeApi
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly string? _socketPath;
    private readonly Endpoint? _address;
    private readonly TimeSpan _timeout;

    private RuntimeApi(string? socketPath, Endpoint? address, TimeSpan timeout)
    {
        _socketPath = socketPath;
        _address = address;
        _timeout = timeout;
    }

    public static RuntimeApi Unix(string path, TimeSpan? timeout = null) => new(path, null, timeout ?? DefaultTimeout);

    public static RuntimeApi Tcp(Endpoint address, TimeSpan? timeout = null) => new(null, address, timeout ?? DefaultTimeout);

    /// <summary>"admin socket /run/haproxy/admin.sock" or "admin address 127.0.0.1:9999", for messages.</summary>
    public string Describe => _socketPath is not null ? $"admin socket {_socketPath}" : $"admin address {_address}";

    private string Hint => _socketPath is not null
        ? $"is HAProxy running with `stats socket {_socketPath} level admin`?"
        : $"is HAProxy running with `stats socket ipv4@{_address} level admin`?";

    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        if (_socketPath is not null && !File.Exists(_socketPath))
        {
            throw new IOException($"haproxy {Describe}: not found ({Hint})");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var socket = _socketPath is not null
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(EndPoint(), timeout.Token);
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
            throw new IOException($"haproxy {Describe} did not answer '{command}' within {_timeout.TotalSeconds:0.#}s");
        }
        catch (SocketException e)
        {
            var reason = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused ({Hint})",
                SocketError.AddressNotAvailable or SocketError.HostNotFound when _socketPath is not null => $"not found ({Hint})",
                SocketError.AccessDenied => "permission denied (run Pilotlight as a user that may open it)",
                _ => e.Message,
            };
            throw new IOException($"haproxy {Describe}: {reason}", e);
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

    private EndPoint EndPoint()
    {
        if (_socketPath is not null)
        {
            try
            {
                return new UnixDomainSocketEndPoint(_socketPath);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new IOException($"haproxy {Describe}: the path is longer than a unix socket path may be (107 bytes)", e);
            }
        }

        return IPAddress.TryParse(_address!.Host, out var ip) ? new IPEndPoint(ip, _address.Port) : new DnsEndPoint(_address.Host, _address.Port);
    }
}
