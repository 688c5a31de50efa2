using Pilotlight.Cli.Commands;
using Pilotlight.Engine;

namespace Pilotlight.Chaos.Tests;

/// <summary>The engine of a lab's plan, opened as every plan-driven command opens it.</summary>
internal static class LabEngine
{
    public static PlanEngine Engine(this Pilotlight.Lab.Lab lab) => LabController.Engine(lab);
}
