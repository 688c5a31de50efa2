namespace Pilotlight.Core.Costs;

/// <summary>
/// What one site runs that costs money by the hour, as its providers' settings name it: the instance type of its
/// compute and the class of its database instance, in the site's region.
/// </summary>
/// <param name="ComputeRegion">The region the compute runs in.</param>
/// <param name="InstanceType">The EC2 instance type of the compute (<c>t3.medium</c>).</param>
/// <param name="DatabaseRegion">The region of the site's database instance (primary or replica).</param>
/// <param name="DatabaseClass">The DB instance class of that instance (<c>db.r6g.large</c>).</param>
public sealed record CostSite(string ComputeRegion, string InstanceType, string DatabaseRegion, string DatabaseClass)
{
    /// <summary>
    /// How many of the plan's capacity units (instances of a group, tasks of a service) one instance holds; the
    /// instance count is the capacity divided by it, rounded up.
    /// </summary>
    public int UnitsPerInstance { get; init; } = 1;

    /// <summary>What a capacity unit is called in the output: instance, task.</summary>
    public string Unit { get; init; } = "instance";
}
