namespace Pilotlight.Engine.Load;

/// <summary>
/// The open-loop write load of <c>pilotlight load</c> and of drills run in-process:
/// <code>
/// await using var run = LoadGenerator.Start(options, cancellationToken);
/// …                      // run.Current: live counts and latency
/// LoadSummary summary = await run.StopAsync();
/// </code>
/// Requests are issued on schedule at <see cref="LoadOptions.Rate"/> whether or not earlier ones were answered;
/// every acknowledged write is in the ledger before it is counted.
/// </summary>
public static class LoadGenerator
{
    /// <summary>
    /// Starts sending now; the run ends after <see cref="LoadOptions.Duration"/>, on <see cref="LoadRun.StopAsync"/>,
    /// or when <paramref name="cancellationToken"/> is cancelled (which stops sending like StopAsync does).
    /// Throws <see cref="ArgumentException"/> for options that cannot work (one line saying which).
    /// </summary>
    public static LoadRun Start(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return LoadRun.Start(options, cancellationToken);
    }
}
