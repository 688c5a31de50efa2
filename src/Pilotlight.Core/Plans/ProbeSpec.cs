namespace Pilotlight.Core.Plans;

/// <summary>One health probe of the active site.</summary>
public abstract record ProbeSpec(string Name);

/// <summary>An HTTP request: by path against the site's endpoint, or an absolute URL.</summary>
public sealed record HttpProbeSpec(string Name, string? Path, Uri? Url, int ExpectStatus, string? BodyContains, TimeSpan? MaxLatency) : ProbeSpec(Name);

/// <summary>A TCP connect: to the site's endpoint port, or a fixed address.</summary>
public sealed record TcpProbeSpec(string Name, Reading.Endpoint? Address) : ProbeSpec(Name);

/// <summary>A query against the active site's database.</summary>
public sealed record SqlProbeSpec(string Name, string Query) : ProbeSpec(Name);
