namespace Pilotlight.Lab;

/// <summary>The lab's own long-running processes: a compute supervisor per site and the object replicator.</summary>
public sealed record LabDaemon(string Name, string Site, IReadOnlyList<string> Arguments)
{
    public static LabDaemon Supervisor(string site) => new($"supervisor-{site}", site, ["lab", "supervise", "--site", site]);

    /// <summary>The replicator runs in the site it copies to, as a pull: it is lost with that site.</summary>
    public static LabDaemon Replicator(string from, string to) => new($"replicator-{to}", to, ["lab", "replicate", "--from", from, "--to", to]);
}
