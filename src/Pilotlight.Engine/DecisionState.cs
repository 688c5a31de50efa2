using Pilotlight.Core.Providers;

namespace Pilotlight.Engine;

/// <summary>
/// Where the controller stands with a down site: free to decide; waiting for an operator (approval, manual);
/// retrying after a failed attempt, with backoff; or blocked after <see cref="PlanEngine.MaxFailoverAttempts"/> failures or an
/// unreachable standby, until the standby's state changes. Never a loop of attempts.
/// </summary>
internal sealed class DecisionState
{
    private DateTimeOffset? _retryAt;
    private bool _waiting;
    private bool _blocked;
    private DatabaseRole? _blockedOn;

    public int Failures { get; private set; }

    public bool MayDecide(DatabaseStatus? standby, DateTimeOffset now)
    {
        if (_waiting)
        {
            return false;
        }

        if (_blocked)
        {
            if (standby?.Role == _blockedOn)
            {
                return false;
            }

            // Something changed (the standby answers again, or answers differently): decide afresh.
            (_blocked, _blockedOn, _retryAt, Failures) = (false, null, null, 0);
        }

        return _retryAt is not { } at || now >= at;
    }

    public void Wait() => _waiting = true;

    public void Block(DatabaseStatus? standby) => (_blocked, _blockedOn) = (true, standby?.Role);

    /// <summary>Records a failed attempt: the time of the next one, or null when blocked now.</summary>
    public DateTimeOffset? Failed(DateTimeOffset now, DatabaseStatus? standby)
    {
        Failures++;
        if (Failures >= PlanEngine.MaxFailoverAttempts)
        {
            Block(standby);
            return null;
        }

        _retryAt = now + TimeSpan.FromSeconds(2 * Math.Pow(2, Failures - 1));
        return _retryAt;
    }

    public void Succeeded() => (_blocked, _blockedOn, _retryAt, Failures, _waiting) = (false, null, null, 0, false);
}
