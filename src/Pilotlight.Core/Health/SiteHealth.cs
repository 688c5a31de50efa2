namespace Pilotlight.Core.Health;

/// <summary>A verdict on a site, or on a site as one vantage point sees it.</summary>
public enum SiteHealth
{
    Unknown,
    Healthy,
    Down,
}
