using Pilotlight.Core.Providers;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Local.Objects;

/// <summary>
/// Continuous replication into one site of a filesystem store, in the direction its direction file records:
/// a <see cref="FilesystemReplicator"/> runs while the file names this site as the target, none otherwise, and it is
/// restarted the new way within one <see cref="PollInterval"/> of a change. A damaged file stops replication (one
/// line says why) until it is mended: copying the wrong way would delete the copy that is meant to be kept.
/// </summary>
public sealed class DirectionFollower
{
    /// <summary>How often the direction file is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // A replicator that stopped by itself (its source gone, an I/O error) is started again after this.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly FilesystemObjectStore _store;
    private readonly string _site;
    private readonly Func<ReplicationDirection> _unrecorded;
    private readonly TimeSpan _reconcileInterval;
    private readonly Action<string> _report;
    private readonly TimeProvider _clock;
    private string? _said;

    /// <param name="store">The store, with the direction file it follows.</param>
    /// <param name="site">The site this follower copies into (a pull: it runs where the copy is kept).</param>
    /// <param name="unrecorded">The direction while no file was written yet; may throw <see cref="DamagedStateException"/>.</param>
    /// <param name="reconcileInterval">The replicator's full comparison interval.</param>
    /// <param name="report">Receives one line each time what the follower does changes.</param>
    /// <param name="clock"><see cref="TimeProvider.System"/> if null.</param>
    public DirectionFollower(FilesystemObjectStore store, string site, Func<ReplicationDirection> unrecorded, TimeSpan reconcileInterval, Action<string>? report = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(unrecorded);
        if (!store.Sites.Contains(site))
        {
            throw new ArgumentException($"the filesystem object store has no directory for site '{site}'; expected one of {string.Join(", ", store.Sites)}", nameof(site));
        }

        _store = store;
        _site = site;
        _unrecorded = unrecorded;
        _reconcileInterval = reconcileInterval;
        _report = report ?? (_ => { });
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Follows the direction until cancelled (then throws <see cref="OperationCanceledException"/>), stopping its replicator first.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Running? running = null;
        var retryAt = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var wanted = Wanted();
                if (running is not null && running.Direction != wanted)
                {
                    await running.StopAsync(); // its gate may have stopped it already: the direction changed
                    running = null;
                }

                if (running is { Loop.IsCompleted: true } ended)
                {
                    Say($"objects replication {ended.Direction} stopped: {ended.Loop.Exception?.GetBaseException().Message ?? "it ended"}; starting it again in {RetryDelay.TotalSeconds:0} s");
                    await ended.StopAsync();
                    running = null;
                    retryAt = _clock.GetUtcNow() + RetryDelay;
                }

                if (running is null && wanted is not null && _clock.GetUtcNow() >= retryAt)
                {
                    var gate = _store.DirectionPath is { } path ? new DirectionGate(path, wanted, () => _store.ReadDirection() ?? _unrecorded()) : null;
                    running = Running.Start(_store.Replicator(wanted.Source, wanted.Target, _reconcileInterval, gate), wanted, cancellationToken);
                    Say($"replicating objects {wanted}");
                }

                await Task.Delay(PollInterval, _clock, cancellationToken);
            }
        }
        finally
        {
            if (running is not null)
            {
                await running.StopAsync();
            }
        }
    }

    /// <summary>The direction to copy in now, or null when this site is not the target (or the direction cannot be told).</summary>
    private ReplicationDirection? Wanted()
    {
        ReplicationDirection direction;
        try
        {
            direction = _store.ReadDirection() ?? _unrecorded();
        }
        catch (DamagedStateException e)
        {
            Say($"{e.Message}; replicating nothing into {_site} until it is mended");
            return null;
        }

        if (direction.Target != _site)
        {
            Say($"objects replicate {direction}: nothing to copy into {_site}");
            return null;
        }

        return direction;
    }

    // Once per change, not once per poll.
    private void Say(string line)
    {
        if (line != _said)
        {
            _said = line;
            _report(line);
        }
    }

    private sealed class Running(ReplicationDirection direction, Task loop, CancellationTokenSource stop)
    {
        public ReplicationDirection Direction => direction;

        public Task Loop => loop;

        public static Running Start(FilesystemReplicator replicator, ReplicationDirection direction, CancellationToken cancellationToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return new Running(direction, Task.Run(() => replicator.RunAsync(stop.Token), stop.Token), stop);
        }

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (Exception)
            {
                // Cancelled, or it had already failed (reported by the caller): either way it no longer copies.
            }

            stop.Dispose();
        }
    }
}
