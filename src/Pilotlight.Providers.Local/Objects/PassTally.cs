namespace Pilotlight.Providers.Local.Objects;

/// <summary>Counts what a pass did, and remembers the files it deferred so that the caller can retry them.</summary>
internal sealed class PassTally
{
    private readonly HashSet<string> _deferred = new(StringComparer.Ordinal);
    private int _copied;
    private int _deleted;
    private int _failed;

    public int DeferredCount => _deferred.Count;

    public void Add(string relative, SyncOutcome outcome)
    {
        switch (outcome)
        {
            case SyncOutcome.Copied:
                _copied++;
                break;
            case SyncOutcome.Deleted:
                _deleted++;
                break;
            case SyncOutcome.Failed:
                _failed++;
                break;
            case SyncOutcome.Deferred:
                _deferred.Add(relative);
                break;
        }
    }

    public void AddDeleted(int count) => _deleted += count;

    /// <summary>The deferred files, forgotten here: the caller retries them and adds the outcomes again.</summary>
    public List<string> TakeDeferred()
    {
        var deferred = _deferred.ToList();
        _deferred.Clear();
        return deferred;
    }

    public ReplicationPass ToPass() => new(_copied, _deleted, _deferred.Count, _failed);
}
