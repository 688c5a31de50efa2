using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary>The controller of a lab's plan: the engine opened on the plan lab up wrote, as any plan is opened.</summary>
internal static class LabController
{
    public static PlanEngine Engine(Lab.Lab lab) => PlanEngine.Open(lab.Layout.PlanPath, PlanProviders.Registry, options: new EngineOptions { AfterStep = CrashHook.FromEnvironment(), Faults = new Lab.LabFaults(lab) });

    /// <summary>Runs the lab plan's controller until cancelled (for measurements).</summary>
    public static Func<Action<WatchEvent>, CancellationToken, Task> Watch(Lab.Lab lab) =>
        (report, cancellationToken) => Engine(lab).WatchAsync(report, force: false, cancellationToken);
}
