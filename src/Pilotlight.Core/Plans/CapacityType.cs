namespace Pilotlight.Core.Plans;

/// <summary>How compute capacity is bought: cheap interruptible capacity for the pilot light, on-demand when it matters.</summary>
public enum CapacityType
{
    OnDemand,
    Spot,
}
