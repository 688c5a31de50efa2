using System.Collections.Concurrent;
using System.Net;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>
/// What a client of the seed's workload sees: <c>GET /healthz</c> on a free 127.0.0.1 port resolves the failover record
/// as Route 53 would — from the records and health checks read from moto now (a CALCULATED check with HealthThreshold 0
/// is healthy; the PRIMARY when it is healthy or the SECONDARY is not, else the SECONDARY) — and answers 200
/// <c>site NAME</c> only when the answered record points at that site's load balancer, its region is not lost and its
/// application runs (an instance in service, or a running ECS task). Anything else is 503 with the reason. Every answer is kept, in order.
/// </summary>
internal sealed class EntrySimulator : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly AwsClient _moto;
    private readonly SeedWorld _world;
    private readonly Task _loop;

    public EntrySimulator(AwsClient moto, SeedWorld world)
    {
        _moto = moto;
        _world = world;
        Port = AwsTestPorts.Next();
        _loop = ListenerLoop.Start(_listener, Port, AnswerAsync);
    }

    public int Port { get; }

    public string HealthUrl => $"http://127.0.0.1:{Port}/healthz";

    /// <summary>Every answer given, in order: the site that served, or the reason none did.</summary>
    public ConcurrentQueue<string> Answers { get; } = new();

    /// <summary>The site a client is sent to now and whether it serves, with the reason when it does not.</summary>
    public async Task<(string? Site, string Answer)> ResolveAsync(CancellationToken cancellationToken)
    {
        var route53 = new Route53Api(_moto);
        var records = (await route53.ListRecordSetsAsync(_world.ZoneId, _world.RecordName, null, cancellationToken))
            .Where(r => r.Name.TrimEnd('.') == _world.RecordName && r.Failover is not null).ToList();
        var primary = records.Single(r => r.Failover == "PRIMARY");
        var secondary = records.Single(r => r.Failover == "SECONDARY");
        var answered = await HealthyAsync(route53, primary, cancellationToken) || !await HealthyAsync(route53, secondary, cancellationToken) ? primary : secondary;
        var target = answered.Values.SingleOrDefault() ?? answered.Alias?.DnsName ?? "";
        var site = SeedWorld.Sites.FirstOrDefault(s => string.Equals(target.TrimEnd('.'), _world.Endpoint(s), StringComparison.OrdinalIgnoreCase));
        if (site is null)
        {
            return (null, $"503 {answered.Failover} points at {target}");
        }

        if (_world.IsLost(SeedWorld.Region(site)))
        {
            return (null, $"503 site {site}'s region {SeedWorld.Region(site)} is lost");
        }

        return await _world.ServingAsync(site, cancellationToken) ? (site, $"200 site {site}") : (null, $"503 site {site}'s application does not run");
    }

    public ValueTask DisposeAsync() => new(ListenerLoop.StopAsync(_listener, _loop));

    private static async Task<bool> HealthyAsync(Route53Api route53, RecordSet record, CancellationToken cancellationToken) =>
        record.HealthCheckId is null || (await route53.GetHealthCheckAsync(record.HealthCheckId, cancellationToken)).HealthThreshold == 0;

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        string answer;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            (_, answer) = await ResolveAsync(timeout.Token);
        }
        catch (Exception e) when (e is AwsException or InvalidOperationException or OperationCanceledException)
        {
            answer = $"503 cannot resolve: {e.Message}";
        }

        Answers.Enqueue(answer);
        response.StatusCode = int.Parse(answer[..3], System.Globalization.CultureInfo.InvariantCulture);
        await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(answer[4..]));
    }
}
