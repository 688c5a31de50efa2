using System.Globalization;
using System.Text;
using Npgsql;
using Pilotlight.Core.Runbooks;
using Xunit.Abstractions;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// Everything that watches a scenario independently of the controller — the write load through the entry, orders
/// placed straight at the old primary's Shop, the split-brain poller — and the invariants asserted from what they saw.
/// </summary>
internal sealed class Witnesses : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;

    private Witnesses(Lab lab, ITestOutputHelper output, string oldPrimary, TimeSpan maxDuration)
    {
        _output = output;
        OldPrimary = oldPrimary;
        Entry = OrderLoad.Start(lab.Layout.EntryUrl, "chaos-entry", workers: 2, maxOrders: 20_000, maxDuration: maxDuration);
        Direct = DirectOrders.Start(lab, oldPrimary, maxDuration: maxDuration);
        Poller = SplitBrainPoller.Start(lab, maxDuration);
    }

    public string OldPrimary { get; }

    public OrderLoad Entry { get; }

    public DirectOrders Direct { get; }

    public SplitBrainPoller Poller { get; }

    /// <summary>Starts every witness; what the poller saw goes to <paramref name="output"/> when they are disposed, whatever the outcome.</summary>
    public static Witnesses Start(Lab lab, ITestOutputHelper output, string oldPrimary = "a", TimeSpan? maxDuration = null) => new(lab, output, oldPrimary, maxDuration ?? TimeSpan.FromSeconds(90));

    /// <summary>Orders acknowledged so far, through the entry or straight at the old primary's Shop.</summary>
    public int AcknowledgedCount => Entry.Acknowledged.Count + Direct.Acknowledged.Count;

    public async Task StopAsync()
    {
        await Entry.StopAsync();
        await Direct.StopAsync();
        await Poller.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Entry.DisposeAsync();
        await Direct.DisposeAsync();
        await Poller.DisposeAsync();
        _output.WriteLine("poller:\n" + Story());
    }

    /// <summary>Acknowledged orders (both clients) that the active site's database does not hold — by id and the site that committed it, as ids may be handed out again after a promotion.</summary>
    public async Task<IReadOnlyList<(long Id, string Site, DateTimeOffset Acknowledged)>> LostAsync(Lab lab, CancellationToken cancellationToken)
    {
        var acknowledged = Entry.Acknowledged.Select(o => (o.Id, o.Site, Acknowledged: o.At))
            .Concat(Direct.Acknowledged.Select(o => (o.Id, o.Site, Acknowledged: o.Answered)))
            .ToList();
        var held = new HashSet<(long, string)>();
        await using var connection = new NpgsqlConnection(lab.Database(lab.State.ActiveSite).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT id, site FROM orders WHERE id = ANY($1)", connection) { Parameters = { new() { Value = acknowledged.Select(o => o.Id).ToArray() } } };
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return [.. acknowledged.Where(o => !held.Contains((o.Id, o.Site))).OrderBy(o => o.Acknowledged)];
    }

    /// <summary>
    /// Invariant 2: once the old primary's database fence was applied (the end of the execution's fence-database
    /// step), the old primary took no write — neither the adversary's nor an order answered 201 by its site.
    /// </summary>
    public void AssertOldPrimaryTookNoWriteAfterItsFence(ExecutionResult execution)
    {
        var fence = execution.Steps.SingleOrDefault(s => s.Step == "fence-database");
        fence.ShouldNotBeNull($"the execution has no fence-database step: {Steps(execution)}");
        fence.Outcome.ShouldBeOneOf([StepOutcome.Succeeded, StepOutcome.AlreadyDone], $"the old primary's database fence was not applied: {Steps(execution)}");
        var fenced = fence.Ended!.Value;

        var probes = Poller.AcceptedWrites.Where(w => w.Site == OldPrimary && w.Started > fenced).ToList();
        probes.ShouldBeEmpty($"site {OldPrimary}'s database took the adversary's writes after its fence ({fenced:HH:mm:ss.fff}): {string.Join(", ", probes.Select(w => $"{w.Started:HH:mm:ss.fff}→{w.Committed:HH:mm:ss.fff}"))}\n{Story()}");

        var direct = Direct.Acknowledged.Where(o => o.Site == OldPrimary && o.Sent > fenced).ToList();
        direct.ShouldBeEmpty($"site {OldPrimary}'s Shop acknowledged orders sent straight to it after its fence ({fenced:HH:mm:ss.fff}): {string.Join(", ", direct.Select(o => $"#{o.Id} sent {o.Sent:HH:mm:ss.fff}"))}");

        var entry = Entry.Acknowledged.Where(o => o.Site == OldPrimary && o.At > fenced).ToList();
        entry.ShouldBeEmpty($"orders through the entry were acknowledged by site {OldPrimary} after its fence ({fenced:HH:mm:ss.fff}): {string.Join(", ", entry.Select(o => $"#{o.Id} at {o.At:HH:mm:ss.fff}"))}");
    }

    /// <summary>
    /// Invariant 3: at no sampled instant are two sites both routed and writable, nor — once the old primary's
    /// traffic fence is done — does the entry route to the old primary while its database takes writes.
    /// </summary>
    public void AssertEntryNeverRoutedToAWritableOldPrimary(ExecutionResult? execution)
    {
        var samples = Poller.Samples;
        samples.ShouldNotBeEmpty("the poller took no sample");
        var trafficFenced = execution?.Steps.FirstOrDefault(s => s.Step == "fence-traffic")?.Ended;
        var bad = samples.Where(s => s.Routed is { } routed
            && (routed.Count(s.Writable.Contains) >= 2 || (trafficFenced is { } t && s.At > t && routed.Contains(OldPrimary) && s.Writable.Contains(OldPrimary)))).ToList();
        bad.ShouldBeEmpty($"the entry routed to a writable old primary, or to two writable sites:\n{string.Join("\n", bad.Take(10))}\n{Story()}");
    }

    /// <summary>The poller's samples folded into runs of the same state, for messages and the test output.</summary>
    public string Story()
    {
        var text = new StringBuilder();
        var samples = Poller.Samples;
        string State(PollSample s) => $"writable [{string.Join(",", s.Writable.Order())}] routed [{(s.Routed is null ? "entry silent" : string.Join(",", s.Routed.Order()))}]";
        for (var i = 0; i < samples.Count;)
        {
            var j = i;
            while (j + 1 < samples.Count && State(samples[j + 1]) == State(samples[i]))
            {
                j++;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"  {samples[i].At:HH:mm:ss.fff}–{samples[j].At:HH:mm:ss.fff} {State(samples[i])} × {j - i + 1}  (first: {samples[i].Detail})");
            i = j + 1;
        }

        var gaps = samples.Zip(samples.Skip(1), (x, y) => y.At - x.At).DefaultIfEmpty().Max();
        text.AppendLine(CultureInfo.InvariantCulture, $"  {samples.Count} samples, widest gap {gaps.TotalMilliseconds:0} ms; entry acks {Entry.Acknowledged.Count} ({Entry.Failures} failures), direct acks {Direct.Acknowledged.Count} of {Direct.Attempts}");
        return text.ToString();
    }

    public static string Steps(ExecutionResult execution) =>
        $"{execution.Id} {execution.Outcome}: " + string.Join(", ", execution.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Started:HH:mm:ss.fff}→{s.Ended:HH:mm:ss.fff}{(s.Detail is { Length: > 0 } d ? $" ({d})" : "")}"));
}
