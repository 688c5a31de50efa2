namespace Pilotlight.Lab;

/// <summary>The lab's own long-running processes: a compute supervisor per site and the object replicator.</summary>
public sealed record LabDaemon(string Name, string Site, IReadOnlyList<string> Arguments)
{
    public static LabDaemon Supervisor(string site) => new($"supervisor-{site}", site, ["lab", "supervise", "--site", site]);

    /// <summary>
    /// The object replicator of a site runs in that site, as a pull, and is lost with it: it copies into its site
    /// while the objects direction file names it as the target, and idles otherwise (both sites have one, so that a
    /// change of direction needs no process started or moved between the sites' namespaces).
    /// </summary>
    public static LabDaemon Replicator(string site) => new($"replicator-{site}", site, ["lab", "replicate", "--site", site]);
}
