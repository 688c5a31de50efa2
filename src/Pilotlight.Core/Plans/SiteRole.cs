namespace Pilotlight.Core.Plans;

/// <summary>The role a site is configured with.</summary>
public enum SiteRole
{
    Primary,
    Standby,
}
