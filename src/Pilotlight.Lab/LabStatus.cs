using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Lab;

/// <summary>Everything <c>lab status</c> reports; its JSON form is a documented contract for scripts.</summary>
public sealed record LabStatus(
    string StateDirectory,
    Uri EntryUrl,
    string PlanPath,
    bool Synchronous,
    string? ActiveSite,
    ImmutableArray<SiteStatus> Sites,
    ProcessStatus Traffic,
    ImmutableArray<TrafficServer> TrafficServers)
{
    /// <summary>The way objects replicate now (each site's backlog is measured that way); null when not observed.</summary>
    public ReplicationDirection? ObjectsDirection { get; init; }

    /// <summary>False when no direction was recorded yet (a lab from before directions): the active site's to the other is assumed.</summary>
    public bool ObjectsDirectionRecorded { get; init; }
}

/// <summary>One site of the lab.</summary>
public sealed record SiteStatus(
    string Name,
    int DatabasePort,
    string ConnectionString,
    DatabaseStatus Database,
    int? DatabasePid,
    string ObjectsPath,
    ObjectBacklog? ObjectBacklog,
    int DesiredInstances,
    ImmutableArray<InstanceStatus> Instances,
    ImmutableArray<DaemonStatus> Daemons,
    string? Disaster,
    bool DatabaseFenced = false);

/// <summary>A process of the lab: its PID when it runs.</summary>
public sealed record ProcessStatus(string Name, int? Pid, bool Running);

/// <summary>One of the lab's own daemons; a frozen (SIGSTOP) one runs but does not answer.</summary>
public sealed record DaemonStatus(string Name, int? Pid, bool Running, bool Frozen = false);
