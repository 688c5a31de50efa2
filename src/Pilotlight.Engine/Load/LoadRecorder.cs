using System.Collections.Immutable;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Ledger;
using Pilotlight.Processes;

namespace Pilotlight.Engine.Load;

/// <summary>
/// The counts, latency histograms, errors by kind and the per-second series of one run, behind one lock. With a
/// ledger, acknowledged writes wait in a batch until <see cref="Commit"/> writes them with one write(2) and only then
/// counts them (group commit: one syscall per batch instead of per write), so no snapshot ever reports a write the
/// ledger file does not hold.
/// </summary>
internal sealed class LoadRecorder(LedgerWriter? ledger, DateTimeOffset started, long startTicks)
{
    private readonly Lock _gate = new();
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _second = new();
    private readonly Dictionary<string, long> _errorsByKind = new(StringComparer.Ordinal);
    private readonly List<LoadBucket> _series = [];
    private readonly Lock _commit = new();
    private List<(LedgerEntry Entry, long Ticks)> _pending = [];
    private List<(LedgerEntry Entry, long Ticks)> _writing = [];
    private readonly List<LedgerEntry> _batch = [];
    private long _sent;
    private long _acknowledged;
    private long _errors;
    private long _shed;
    private long _secondErrors;
    private long _lastSecondAcknowledged;
    private int _currentSecond;
    private long _ledgerCpuTicks;

    public LedgerWriter? Ledger => ledger;

    /// <summary>The CPU the ledger's own work used so far (formatting and write(2) here, fsync where <see cref="AddLedgerCpu"/> is told).</summary>
    public TimeSpan LedgerCpu => TimeSpan.FromTicks(Interlocked.Read(ref _ledgerCpuTicks));

    public void AddLedgerCpu(TimeSpan cpu) => Interlocked.Add(ref _ledgerCpuTicks, cpu.Ticks);

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Acknowledged(LedgerEntry entry, long nowTicks)
    {
        lock (_gate)
        {
            if (ledger is not null)
            {
                _pending.Add((entry, nowTicks));
                return;
            }

            Count(entry, nowTicks);
        }
    }

    /// <summary>Writes the acknowledged writes waiting for the ledger with one write(2), then counts them.</summary>
    public void Commit()
    {
        if (ledger is null)
        {
            return;
        }

        lock (_commit)
        {
            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
            }

            if (_writing.Count == 0)
            {
                return;
            }

            _batch.Clear();
            foreach (var (entry, _) in _writing)
            {
                _batch.Add(entry);
            }

            var before = ThreadCpu.Now();
            ledger.Append(_batch);
            AddLedgerCpu(ThreadCpu.Now() - before);
            lock (_gate)
            {
                foreach (var (entry, ticks) in _writing)
                {
                    Count(entry, ticks);
                }
            }

            _writing.Clear();
        }
    }

    private void Count(LedgerEntry entry, long ticks)
    {
        Roll(ticks);
        _acknowledged++;
        _latency.Record(entry.LatencyMs);
        _second.Record(entry.LatencyMs);
    }

    public void Failed(string kind, long nowTicks, bool shed = false)
    {
        lock (_gate)
        {
            Roll(nowTicks);
            _errors++;
            _secondErrors++;
            if (shed)
            {
                _shed++;
            }

            _errorsByKind[kind] = _errorsByKind.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>Closes the seconds that have passed, so seconds without any answer appear in the series too.</summary>
    public void Tick(long nowTicks)
    {
        lock (_gate)
        {
            Roll(nowTicks);
        }
    }

    public LoadStats Snapshot(long nowTicks, int inFlight)
    {
        lock (_gate)
        {
            Roll(nowTicks);
            return new LoadStats(Elapsed(nowTicks), Interlocked.Read(ref _sent), _acknowledged, _errors, _shed, inFlight, _lastSecondAcknowledged,
                _latency.Percentile(0.5), _latency.Percentile(0.99), _latency.Count == 0 ? null : _latency.MaxMs);
        }
    }

    public LoadSummary Summary(double rate, DateTimeOffset ended, long nowTicks)
    {
        Commit();
        lock (_gate)
        {
            Roll(nowTicks);
            Close();
            return new LoadSummary(rate, started, ended, Interlocked.Read(ref _sent), _acknowledged, _errors,
                new LatencySummary(_latency.Percentile(0.5) ?? 0, _latency.Percentile(0.9) ?? 0, _latency.Percentile(0.99) ?? 0, _latency.Count == 0 ? 0 : _latency.MaxMs))
            {
                ErrorsByKind = _errorsByKind.ToImmutableDictionary(StringComparer.Ordinal),
                Series = [.. _series],
                LedgerPath = ledger?.Path,
            };
        }
    }

    private static TimeSpan Elapsed(long startTicks, long nowTicks) => System.Diagnostics.Stopwatch.GetElapsedTime(startTicks, nowTicks);

    private TimeSpan Elapsed(long nowTicks) => Elapsed(startTicks, nowTicks);

    private void Roll(long nowTicks)
    {
        var second = (int)Elapsed(nowTicks).TotalSeconds;
        while (_currentSecond < second)
        {
            Close();
            _currentSecond++;
        }
    }

    private void Close()
    {
        _series.Add(new LoadBucket(started.AddSeconds(_currentSecond), _second.Count, _secondErrors, _second.Percentile(0.5), _second.Count == 0 ? null : _second.MaxMs));
        _lastSecondAcknowledged = _second.Count;
        _second.Clear();
        _secondErrors = 0;
    }
}
