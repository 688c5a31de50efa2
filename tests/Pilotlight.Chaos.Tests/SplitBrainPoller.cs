using System.Collections.Concurrent;
using System.Collections.Immutable;
using Npgsql;

namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>
/// An adversary beside the controller: every <see cref="Interval"/> (for a bounded time) it asks each site's
/// database, in parallel and each on a fresh connection cut off after <see cref="WriteTimeout"/>, to take a write —
/// turning read-only off first, so a read-only session default does not count as a fence — and asks the entry which
/// sites' servers are admin 'ready'. Samples start on the timer, never waiting on the previous one, so a hung site
/// does not delay them.
/// </summary>
internal sealed class SplitBrainPoller : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan WriteTimeout = TimeSpan.FromMilliseconds(150);

    private readonly Lab _lab;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentQueue<PollSample> _samples = new();
    private readonly ConcurrentQueue<ProbeWrite> _writes = new();
    private readonly List<Task> _late = [];
    private readonly Task _loop;

    private SplitBrainPoller(Lab lab, TimeSpan maxDuration)
    {
        _lab = lab;
        _stop = new CancellationTokenSource(maxDuration);
        _loop = LoopAsync();
    }

    /// <summary>Every sample so far, oldest first.</summary>
    public IReadOnlyList<PollSample> Samples => [.. _samples.OrderBy(s => s.At)];

    /// <summary>Every write a database accepted (COMMIT answered), oldest first.</summary>
    public IReadOnlyList<ProbeWrite> AcceptedWrites => [.. _writes.OrderBy(w => w.Started)];

    public static SplitBrainPoller Start(Lab lab, TimeSpan? maxDuration = null) => new(lab, maxDuration ?? TimeSpan.FromSeconds(90));

    /// <summary>What the adversary sends, one statement at a time: read-only turned off for its own transaction, no wait for a standby.</summary>
    public static readonly ImmutableArray<string> Adversary = ["BEGIN", "SET LOCAL transaction_read_only = off", "SET LOCAL synchronous_commit = local", "INSERT INTO chaos_probe (site) VALUES (@site)", "COMMIT"];

    /// <summary>One write as any client could send it, statement by statement on a fresh connection; true when the database committed it.</summary>
    public static async Task<(bool Accepted, string Detail)> TryWriteAsync(Lab lab, string site, IReadOnlyList<string> statements, TimeSpan timeout)
    {
        using var cut = new CancellationTokenSource(timeout);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(lab.Database(site).ConnectionString)
            {
                Timeout = 1,
                CommandTimeout = 1,
                CancellationTimeout = -1,
                Pooling = false,
                ApplicationName = "chaos-adversary",
            }.ConnectionString;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cut.Token);
            foreach (var statement in statements)
            {
                await using var command = new NpgsqlCommand(statement, connection);
                if (statement.Contains("@site", StringComparison.Ordinal))
                {
                    command.Parameters.AddWithValue("site", site);
                }

                await command.ExecuteNonQueryAsync(cut.Token);
            }

            return (true, "accepted");
        }
        catch (OperationCanceledException)
        {
            return (false, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
        {
            return (false, e.Message.ReplaceLineEndings(" "));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        // The first connection of a run pays for loading and JIT-compiling the client: not a sample.
        await Task.WhenAll(LabLayout.Sites.Select(site => TryWriteAsync(_lab, site, Adversary, TimeSpan.FromSeconds(5))));
        var running = new List<Task>();
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                running.Add(SampleAsync());
                running.RemoveAll(t => t.IsCompleted);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(running);
        List<Task> late;
        lock (_late)
        {
            late = [.. _late];
        }

        await Task.WhenAll(late);
    }

    private async Task SampleAsync()
    {
        var at = DateTimeOffset.UtcNow;
        var writes = LabLayout.Sites.Select(async site =>
        {
            var started = DateTimeOffset.UtcNow;
            var write = RecordedWriteAsync(site, started);

            // Npgsql does not always give up a connection to a frozen server when told to (it waits out its own
            // 1 s timeout): the sample does not wait for it, and a late commit still counts as an accepted write.
            if (await Task.WhenAny(write, Task.Delay(WriteTimeout)) != write)
            {
                lock (_late)
                {
                    _late.Add(write);
                }

                return (site, accepted: false, detail: $"no answer within {WriteTimeout.TotalMilliseconds:0} ms");
            }

            var (accepted, answer) = await write;
            return (site, accepted, detail: $"{answer} [{(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms]");
        }).ToList();
        var routed = RoutedAsync();
        await Task.WhenAll([.. writes, routed]);
        var results = writes.Select(w => w.Result).ToList();
        _samples.Enqueue(new PollSample(
            at,
            [.. results.Where(r => r.accepted).Select(r => r.site)],
            routed.Result,
            string.Join("; ", results.Select(r => $"{r.site}: {r.detail}"))));
    }

    private async Task<(bool Accepted, string Detail)> RecordedWriteAsync(string site, DateTimeOffset started)
    {
        var result = await TryWriteAsync(_lab, site, Adversary, WriteTimeout);
        if (result.Accepted)
        {
            _writes.Enqueue(new ProbeWrite(site, started, DateTimeOffset.UtcNow));
        }

        return result;
    }

    /// <summary>The sites whose entry servers are admin 'ready'; null when the entry did not answer.</summary>
    private async Task<ImmutableHashSet<string>?> RoutedAsync()
    {
        using var cut = new CancellationTokenSource(WriteTimeout);
        try
        {
            var status = await _lab.Entry.GetStatusAsync(cut.Token);
            return [.. status.Servers.Where(s => s.AdminState == "ready").Select(s => s.Site)];
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or System.Text.Json.JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>One instant: which sites' databases took the adversary's write, which sites the entry routed to (null: the entry did not answer).</summary>
internal sealed record PollSample(DateTimeOffset At, ImmutableHashSet<string> Writable, ImmutableHashSet<string>? Routed, string Detail)
{
    public override string ToString() =>
        $"{At:HH:mm:ss.fff} writable [{string.Join(",", Writable.Order())}] routed [{(Routed is null ? "entry silent" : string.Join(",", Routed.Order()))}] ({Detail})";
}

/// <summary>A write the adversary got committed on a site's database.</summary>
internal sealed record ProbeWrite(string Site, DateTimeOffset Started, DateTimeOffset Committed);
