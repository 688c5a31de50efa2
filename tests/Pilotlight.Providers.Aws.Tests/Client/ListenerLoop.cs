using System.Net;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>A test server's accept loop on an <see cref="HttpListener"/>: each request handled on its own, stopped by closing the listener.</summary>
internal static class ListenerLoop
{
    /// <summary>Starts listening on <paramref name="port"/> of 127.0.0.1 and hands every request to <paramref name="handle"/> without waiting for it.</summary>
    public static Task Start(HttpListener listener, int port, Func<HttpListenerContext, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        return Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => handle(context));
            }
        });
    }

    /// <summary>Closes the listener and waits for its loop to end.</summary>
    public static async Task StopAsync(HttpListener listener, Task loop)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // The listener was closed under the loop: that is how it stops.
        }
    }
}
