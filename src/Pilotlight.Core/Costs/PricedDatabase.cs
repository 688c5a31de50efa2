namespace Pilotlight.Core.Costs;

/// <summary>Which price list a database's instance class is looked up in.</summary>
public enum PricedDatabase
{
    Rds,
    Aurora,
}
