using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Ledger;
using Pilotlight.Engine.Load.Http;
using Pilotlight.Processes;

namespace Pilotlight.Engine.Load;

/// <summary>
/// One running load (<see cref="LoadGenerator.Start"/>): a scheduler issues requests on time over a pool of
/// keep-alive connections (at most <see cref="LoadOptions.MaxInFlight"/>, one request in flight each), a watchdog
/// closes requests past the timeout, and the ledger is fsynced on its interval.
/// </summary>
public sealed class LoadRun : IAsyncDisposable
{
    private static readonly TimeSpan MaxNap = TimeSpan.FromMilliseconds(10);

    // Above 200 requests a second they go out in bursts every 5 ms: each wake-up of the scheduler costs a context
    // switch, and at thousands a second those were a large part of the generator's CPU (measured).
    private static readonly TimeSpan MinNap = TimeSpan.FromMilliseconds(5);

    // Timeouts are looked for this often.
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(10);

    // Acknowledged writes reach the ledger (and the counts) in batches this often: one write(2) per batch (every
    // 10 ms, the write(2)s were about half of the ledger's CPU at 900 writes/s).
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(50);
    private readonly LoadOptions _options;
    private readonly RequestTemplate _template;
    private readonly LoadRecorder _recorder;
    private readonly Stack<HttpConnection> _idle = new();
    private readonly HashSet<HttpConnection> _live = [];
    private readonly Lock _pool = new();
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startTicks;
    private EndPoint? _endpoint;
    private Task<LoadSummary> _completion = null!;
    private long _number;
    private int _inFlight;
    private int _fsyncing;

    private LoadRun(LoadOptions options, RequestTemplate template, LedgerWriter? ledger, CancellationToken cancellationToken)
    {
        _options = options;
        _template = template;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _startTicks = Stopwatch.GetTimestamp();
        Started = options.Clock.GetUtcNow();
        _recorder = new LoadRecorder(ledger, Started, _startTicks);
    }

    public LoadOptions Options => _options;

    public DateTimeOffset Started { get; }

    /// <summary>The start of every reference this run writes (each is the prefix and a counter from 1).</summary>
    public string RefPrefix => _template.RefPrefix;

    public string? LedgerPath => _recorder.Ledger?.Path;

    /// <summary>
    /// The CPU the ledger's own work used so far — formatting, write(2) and the periodic fsync, in thread CPU time —
    /// to tell its cost apart from the run's, which varies more from run to run with the server's latency than this is.
    /// </summary>
    public TimeSpan LedgerCpu => _recorder.LedgerCpu;

    /// <summary>Counts and latency so far; safe to read at any time from any thread.</summary>
    public LoadStats Current => _recorder.Snapshot(Stopwatch.GetTimestamp(), Volatile.Read(ref _inFlight));

    /// <summary>Ends with the summary once sending stopped and every request in flight was answered or timed out.</summary>
    public Task<LoadSummary> Completion => _completion;

    internal static LoadRun Start(LoadOptions options, CancellationToken cancellationToken)
    {
        options.Check();
        var prefix = options.RefPrefix ?? string.Create(CultureInfo.InvariantCulture, $"L{options.Clock.GetUtcNow():yyyyMMddHHmmss}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}-");
        var host = options.Target.IsDefaultPort ? options.Target.Host : $"{options.Target.Host}:{options.Target.Port}";
        var template = new RequestTemplate(options.Method, host, options.Path, options.Body, prefix);
        var ledger = options.LedgerPath is { } path ? new LedgerWriter(path) : null;
        var run = new LoadRun(options, template, ledger, cancellationToken);
        run._completion = Task.Run(run.RunAsync, CancellationToken.None);
        return run;
    }

    /// <summary>Stops sending, waits for the requests in flight (at most the timeout), fsyncs the ledger and returns the summary.</summary>
    public async Task<LoadSummary> StopAsync()
    {
        await _stop.CancelAsync();
        return await _completion;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // The run's failure was already the caller's to see through StopAsync or Completion.
        }

        _stop.Dispose();
    }

    private async Task<LoadSummary> RunAsync()
    {
        try
        {
            _endpoint = await ResolveAsync(_options.Target, _stop.Token);
            await Task.Factory.StartNew(() => Schedule(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }

        // Sending stopped: the requests in flight finish or time out under the watchdog.
        var grace = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _inFlight) > 0 && Stopwatch.GetElapsedTime(grace) < _options.Timeout + TimeSpan.FromSeconds(1))
        {
            _recorder.Commit();
            Watch(Stopwatch.GetTimestamp());
            await Task.WhenAny(_drained.Task, Task.Delay(MaxNap, CancellationToken.None));
        }

        lock (_pool)
        {
            foreach (var connection in _live)
            {
                connection.Dispose();
            }

            _live.Clear();
            _idle.Clear();
        }

        var summary = _recorder.Summary(_options.Rate, _options.Clock.GetUtcNow(), Stopwatch.GetTimestamp());
        while (Volatile.Read(ref _fsyncing) != 0)
        {
            await Task.Delay(1, CancellationToken.None);
        }

        _recorder.Ledger?.Dispose();
        return summary;
    }

    private static async Task<EndPoint> ResolveAsync(Uri target, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(target.Host, out var address))
        {
            return new IPEndPoint(address, target.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(target.Host, AddressFamily.InterNetwork, cancellationToken);
        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], target.Port)
            : throw new ArgumentException($"target {target}: {target.Host} has no IPv4 address");
    }

    // On a thread of its own, napping on the stop token's wait handle: no timer queue and no thread-pool hop per
    // tick, which at thousands of requests a second is most of what a scheduler would cost.
    private void Schedule(CancellationToken cancellationToken)
    {
        var interval = 1.0 / _options.Rate;
        var duration = _options.Duration;
        var lastFsync = _startTicks;
        var lastWatch = _startTicks;
        var lastCommit = _startTicks;
        var wake = cancellationToken.WaitHandle;
        long? total = duration is { } d ? (long)Math.Ceiling(d.TotalSeconds * _options.Rate) : null;
        long issued = 0;
        while (!cancellationToken.IsCancellationRequested && (total is null || issued < total))
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(_startTicks, now);

            // Open loop: everything due by now goes out now, answered or not (and a nap that overslept the end
            // still sends what fell due before it).
            var due = Math.Min((long)(elapsed.TotalSeconds * _options.Rate) + 1, total ?? long.MaxValue);
            while (issued < due)
            {
                issued++;
                Issue(now);
            }

            if (Stopwatch.GetElapsedTime(lastCommit, now) >= CommitInterval)
            {
                _recorder.Commit();
                lastCommit = now;
            }

            if (Stopwatch.GetElapsedTime(lastWatch, now) >= WatchInterval)
            {
                Watch(now);
                _recorder.Tick(now);
                lastWatch = now;
            }

            // fsync off the scheduler's thread: a slow disk never delays what falls due (open loop), one at a time.
            if (_recorder.Ledger is { } ledger && Stopwatch.GetElapsedTime(lastFsync, now) >= _options.FsyncInterval && Interlocked.CompareExchange(ref _fsyncing, 1, 0) == 0)
            {
                lastFsync = now;
                _ = Task.Run(
                    () =>
                    {
                        var before = ThreadCpu.Now();
                        try
                        {
                            ledger.FlushToDisk();
                            _recorder.AddLedgerCpu(ThreadCpu.Now() - before);
                        }
                        catch (Exception e) when (e is IOException or ObjectDisposedException)
                        {
                            // The ledger is fsynced again on the next interval and when it is closed.
                        }
                        finally
                        {
                            Volatile.Write(ref _fsyncing, 0);
                        }
                    },
                    CancellationToken.None);
            }

            var next = TimeSpan.FromSeconds(issued * interval) - Stopwatch.GetElapsedTime(_startTicks);
            wake.WaitOne(next < MinNap ? MinNap : next > MaxNap ? MaxNap : next);
        }
    }

    private void Issue(long now)
    {
        if (Interlocked.Increment(ref _inFlight) > _options.MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            _recorder.Failed("shed", now, shed: true);
            return;
        }

        HttpConnection? connection;
        lock (_pool)
        {
            _idle.TryPop(out connection);
        }

        _ = SendAsync(connection, ++_number);
    }

    private async Task SendAsync(HttpConnection? connection, long number)
    {
        var keep = false;
        try
        {
            if (connection is null)
            {
                connection = new HttpConnection(_template.MaxLength);
                lock (_pool)
                {
                    _live.Add(connection);
                }

                await connection.ConnectAsync(_endpoint!);
            }

            var length = _template.Write(connection.Send, number);
            var started = Stopwatch.GetTimestamp();
            _recorder.Sent();
            var answer = await connection.ExchangeAsync(length, started);
            var done = Stopwatch.GetTimestamp();
            keep = answer.KeepAlive;
            if (answer.Status == _options.ExpectStatus)
            {
                var latency = Stopwatch.GetElapsedTime(started, done).TotalMilliseconds;
                _recorder.Acknowledged(new LedgerEntry(_template.Ref(number), answer.Id, answer.Site, _options.Clock.GetUtcNow(), latency), done);
            }
            else
            {
                _recorder.Failed(StatusKind(answer.Status), done);
            }
        }
        catch (HttpFailure failure)
        {
            _recorder.Failed(failure.Kind, Stopwatch.GetTimestamp());
        }
#pragma warning disable CA1031 // A request nobody awaits: whatever went wrong is counted, never lost unseen.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _recorder.Failed($"client {e.GetType().Name}: {e.Message}", Stopwatch.GetTimestamp());
        }
        finally
        {
            Release(connection, keep);
        }
    }

    private void Release(HttpConnection? connection, bool keep)
    {
        if (connection is not null)
        {
            lock (_pool)
            {
                if (keep && !_stop.IsCancellationRequested)
                {
                    _idle.Push(connection);
                }
                else
                {
                    _live.Remove(connection);
                    connection.Dispose();
                }
            }
        }

        if (Interlocked.Decrement(ref _inFlight) == 0 && _stop.IsCancellationRequested)
        {
            _drained.TrySetResult();
        }
    }

    // Closes every request past the timeout; its pending receive then fails as "timeout".
    private void Watch(long now)
    {
        var limit = (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_pool)
        {
            foreach (var connection in _live)
            {
                var since = connection.BusySince;
                if (since != 0 && now - since > limit)
                {
                    connection.Abort();
                }
            }
        }
    }

    private static string StatusKind(int status) => status switch
    {
        200 => "HTTP 200",
        201 => "HTTP 201",
        400 => "HTTP 400",
        404 => "HTTP 404",
        500 => "HTTP 500",
        502 => "HTTP 502",
        503 => "HTTP 503",
        504 => "HTTP 504",
        _ => string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"),
    };
}
