namespace Pilotlight.Lab;

/// <summary>How a site is lost: its processes killed, frozen, or cut off from the network.</summary>
public enum DisasterMode
{
    Kill,
    Stop,
    Partition,
}
