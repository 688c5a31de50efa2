namespace Pilotlight.Core.Costs;

/// <summary>What one EC2 instance of a type costs an hour in one region, on-demand and as a spot estimate.</summary>
public sealed record Ec2Price(decimal OnDemand, decimal Spot);
