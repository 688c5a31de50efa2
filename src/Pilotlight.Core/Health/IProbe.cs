namespace Pilotlight.Core.Health;

/// <summary>One check of a site's service from where the caller runs. Never throws for a failed check: it reports it.</summary>
public interface IProbe
{
    string Name { get; }

    Task<ProbeResult> RunAsync(CancellationToken cancellationToken);
}

/// <summary>How one probe went: success, how long it took, and what was seen (status, error) in a few words.</summary>
public sealed record ProbeResult(bool Success, TimeSpan Latency, string Detail);
