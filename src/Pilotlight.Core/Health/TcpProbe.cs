using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Pilotlight.Core.Health;

/// <summary>A TCP connect that must succeed within the timeout.</summary>
public sealed class TcpProbe(string name, string host, int port, TimeSpan timeout) : IProbe
{
    public string Name => name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, deadline.Token);
            return new ProbeResult(true, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"connected to {host}:{port}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"no connection to {host}:{port} within {timeout.TotalMilliseconds:0} ms"));
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, clock.Elapsed, $"{host}:{port}: {e.Message}");
        }
    }
}
