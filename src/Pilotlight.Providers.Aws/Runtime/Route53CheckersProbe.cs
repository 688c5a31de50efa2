using System.Diagnostics;
using Pilotlight.Core.Health;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Route53;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// A <c>via: traffic</c> probe of an <c>aws-route53</c> site: what Route 53's own checkers, from AWS's regions, report
/// of the site's endpoint checks (the children of its CALCULATED check; AWS refuses GetHealthCheckStatus for the
/// calculated check itself). Healthy when every child is (see <see cref="EndpointChecks"/>). A check without
/// children cannot be judged and fails saying so; an AWS error fails with its code. Never throws for a failed check.
/// </summary>
internal sealed class Route53CheckersProbe(string name, string site, string calculatedCheck, Route53Api route53, TimeSpan timeout) : IProbe
{
    public string Name => name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var check = await route53.GetHealthCheckAsync(calculatedCheck, bounded.Token);
            if (check.ChildHealthChecks.IsEmpty)
            {
                return new ProbeResult(false, watch.Elapsed, $"Route 53 cannot judge site {site}: its health check {calculatedCheck} has no endpoint checks (children)");
            }

            var judged = await EndpointChecks.JudgeAsync(route53, check.ChildHealthChecks, bounded.Token);
            return new ProbeResult(judged.Healthy == judged.Total, watch.Elapsed, $"Route 53's checkers: {judged}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, watch.Elapsed, $"Route 53 did not answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return new ProbeResult(false, watch.Elapsed, $"health check {calculatedCheck} of site {site}: {e.Message}");
        }
    }
}

/// <summary>How Route 53's checkers see a site's endpoint checks.</summary>
internal static class EndpointChecks
{
    /// <summary>
    /// Each check's checker reports from GetHealthCheckStatus: a check is healthy when more than 18 % of its checkers
    /// report Success, as Route 53 counts it.
    /// </summary>
    public static async Task<Judgement> JudgeAsync(Route53Api route53, IReadOnlyCollection<string> checks, CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(checks.Select(c => route53.HealthCheckStatusAsync(c, cancellationToken)));
        var healthy = reports.Count(r => r.Count > 0 && r.Count(s => s.StartsWith("Success", StringComparison.Ordinal)) > 0.18 * r.Count);
        return new Judgement(healthy, reports.Length);
    }

    public sealed record Judgement(int Healthy, int Total)
    {
        public override string ToString() => $"{Healthy}/{Total} endpoint checks healthy";
    }
}
