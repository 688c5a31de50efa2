using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Drills;

/// <summary>What a drill does: its mode, how long the workload (or the clone) is held, how a live drill loses the site, and the load.</summary>
public sealed record DrillRequest(DrillMode Mode, TimeSpan Duration)
{
    public DrillFault Fault { get; init; } = DrillFault.Switchover;

    /// <summary>Writes per second sent through the entry while the drill runs; null: no load.</summary>
    public double? LoadRate { get; init; }

    /// <summary>The plan's drill this runs (a schedule), or <c>manual</c>.</summary>
    public string Name { get; init; } = "manual";

    public static DrillRequest From(DrillSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DrillRequest(spec.Mode, spec.Duration) { Fault = spec.Fault, LoadRate = spec.LoadRate, Name = spec.Name };
    }
}

/// <summary>
/// Loses a site for real and brings it back, for a live drill with a fault: the lab implements it (kill, stop,
/// partition). Plans of real systems drill with a planned switchover, which needs none.
/// </summary>
public interface IFaultInjector
{
    /// <summary>Whether this injector can lose a site that way here (e.g. partition needs network namespaces); null: it can, else why not.</summary>
    string? CannotInject(DrillFault fault);

    Task InjectAsync(string site, DrillFault fault, CancellationToken cancellationToken);

    Task RecoverAsync(string site, CancellationToken cancellationToken);
}
