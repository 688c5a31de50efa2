namespace Pilotlight.Providers.Command;

/// <summary>The one HTTP client this provider's probes share; each probe bounds its own request.</summary>
internal static class ProbeHttp
{
    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
