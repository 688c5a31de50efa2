using Pilotlight.Core.Plans;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Lab;

/// <summary>A lab's real disasters for live drills: <c>lab disaster SITE --mode kill|stop|partition</c> and <c>lab recover SITE</c>.</summary>
public sealed class LabFaults(Lab lab) : IFaultInjector
{
    public string? CannotInject(DrillFault fault) =>
        fault == DrillFault.Partition && !lab.State.Netns ? "--fault partition needs a lab whose sites have network namespaces of their own: start it with lab up --netns (as root)" : null;

    public async Task InjectAsync(string site, DrillFault fault, CancellationToken cancellationToken) =>
        await lab.DisasterAsync(site, fault switch
        {
            DrillFault.Kill => DisasterMode.Kill,
            DrillFault.Stop => DisasterMode.Stop,
            DrillFault.Partition => DisasterMode.Partition,
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "a switchover is not a disaster"),
        }, cancellationToken);

    /// <summary>Recovers the site; nothing to do when it is not lost (a resumed drill that recovered it already).</summary>
    public async Task RecoverAsync(string site, CancellationToken cancellationToken)
    {
        if (lab.IsLost(site))
        {
            await lab.RecoverAsync(site, cancellationToken);
        }
    }
}
