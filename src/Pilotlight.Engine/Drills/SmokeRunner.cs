using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Drills;

/// <summary>
/// Runs the plan's smoke checks against one base URL: each request as declared (method, path, body with
/// <c>{ref}</c> made unique per run), its status and body compared with what the plan expects.
/// </summary>
internal static class SmokeRunner
{
    /// <summary>The placeholder a smoke check's body or path may use for a value unique to each run (a client reference).</summary>
    public const string RefPlaceholder = "{ref}";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The plan's smoke checks, or when it declares none its HTTP health probes by path (reported as such).</summary>
    public static ImmutableArray<SmokeCheck> ChecksOf(Plan plan, string site) =>
        !plan.SmokeChecks.IsEmpty ? plan.SmokeChecks
            : [.. plan.Health.Probes.OfType<HttpProbeSpec>().Where(p => p.Path is not null).Select(p => new SmokeCheck(
                $"probe-{p.Name}", "GET", p.Path!, null, p.ExpectStatus, p.BodyContains?.Replace(PlanEngine.SitePlaceholder, site, StringComparison.Ordinal), TimeSpan.FromSeconds(5)))];

    /// <summary>How long all smoke checks of one step may take together: well within the step's timeout, so a hanging workload fails checks, never the step.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Runs each check against <paramref name="baseUrl"/>; a check that fails, hangs or finds the budget spent is a
    /// failed result, never an exception (only a cancellation of the drill itself is).
    /// </summary>
    public static async Task<ImmutableArray<SmokeResult>> RunAsync(IEnumerable<SmokeCheck> checks, Uri baseUrl, string runId, TimeProvider clock, Stopwatch spent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spent);
        var results = ImmutableArray.CreateBuilder<SmokeResult>();
        var n = 0;
        foreach (var check in checks)
        {
            var unique = string.Create(CultureInfo.InvariantCulture, $"smoke-{runId}-{++n}");
            var url = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + check.Path.Replace(RefPlaceholder, Uri.EscapeDataString(unique), StringComparison.Ordinal));
            var left = Budget - spent.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                results.Add(new SmokeResult(check.Name, url.ToString(), false, null, 0, string.Create(CultureInfo.InvariantCulture, $"not run: the smoke checks' {Budget.TotalSeconds:0} s budget was spent"), clock.GetUtcNow()));
                continue;
            }

            results.Add(await RunOneAsync(check with { Timeout = check.Timeout < left ? check.Timeout : left }, url, unique, clock, cancellationToken));
        }

        return results.ToImmutable();
    }

    private static async Task<SmokeResult> RunOneAsync(SmokeCheck check, Uri url, string unique, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(check.Timeout);
        var watch = Stopwatch.StartNew();
        var at = clock.GetUtcNow();
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(check.Method), url);
            if (check.Body is { } body)
            {
                request.Content = new StringContent(body.Replace(RefPlaceholder, unique, StringComparison.Ordinal), Encoding.UTF8, "application/json");
            }

            using var response = await Http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            var latency = watch.Elapsed.TotalMilliseconds;
            var status = (int)response.StatusCode;
            var problem = status != check.ExpectStatus ? string.Create(CultureInfo.InvariantCulture, $"status {status}, expected {check.ExpectStatus}")
                : check.BodyContains is { } expected && !text.Contains(expected.Replace(RefPlaceholder, unique, StringComparison.Ordinal), StringComparison.Ordinal) ? $"the body lacks '{expected}'"
                : null;
            return new SmokeResult(check.Name, url.ToString(), problem is null, status, latency, problem, at);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmokeResult(check.Name, url.ToString(), false, null, watch.Elapsed.TotalMilliseconds, string.Create(CultureInfo.InvariantCulture, $"no answer within {check.Timeout.TotalSeconds:0.#}s"), at);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            return new SmokeResult(check.Name, url.ToString(), false, null, watch.Elapsed.TotalMilliseconds, e.Message.ReplaceLineEndings(" "), at);
        }
    }

    /// <summary>One line: how many passed, and the first failure.</summary>
    public static string Summary(IReadOnlyCollection<SmokeResult> results) =>
        results.Count == 0 ? "no smoke checks ran"
            : results.All(r => r.Passed) ? string.Create(CultureInfo.InvariantCulture, $"{results.Count} of {results.Count} smoke checks passed")
            : string.Create(CultureInfo.InvariantCulture, $"{results.Count(r => r.Passed)} of {results.Count} smoke checks passed; {results.First(r => !r.Passed).Name} at {results.First(r => !r.Passed).Url}: {results.First(r => !r.Passed).Problem}");
}
