namespace Pilotlight.Core.Plans;

/// <summary>A region or data centre. Its role here is the configured one; which site is active is runtime state.</summary>
public sealed record Site(string Name, string Region, SiteRole Role);
