using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.Aws;

/// <summary>Checks the AWS schemas share.</summary>
internal static partial class AwsChecks
{
    /// <summary>The AWS region of a site: the block's <c>region</c>, else the site's region label, which must then be an AWS region.</summary>
    public static string? Region(MapReader block, Site site)
    {
        var region = block.Text("region");
        if (region is not null)
        {
            if (!AwsRegionPattern().IsMatch(region))
            {
                block.Report("region", $"'{region}' is not an AWS region", "a region such as eu-west-1");
                return null;
            }

            return region;
        }

        return SiteRegion(block, site);
    }

    /// <summary>The site's region label, which must be an AWS region (reported at <paramref name="at"/> when it is not).</summary>
    public static string? SiteRegion(MapReader at, Site site)
    {
        if (!AwsRegionPattern().IsMatch(site.Region))
        {
            at.ReportHere($"site '{site.Name}' has region '{site.Region}', which is not an AWS region", "a site region such as eu-west-1, or region: here");
            return null;
        }

        return site.Region;
    }

    /// <summary>An optional EC2 instance type (<c>t3.medium</c>: family, a dot, size); null when absent or bad (reported).</summary>
    public static string? InstanceType(MapReader block, string key = "instance_type") =>
        Optional(block, key, InstanceTypePattern(), "an EC2 instance type such as t3.medium (family.size)");

    /// <summary>An optional RDS or Aurora DB instance class (<c>db.r6g.large</c>); null when absent or bad (reported).</summary>
    public static string? InstanceClass(MapReader block, string key = "instance_class") =>
        Optional(block, key, InstanceClassPattern(), "a DB instance class such as db.r6g.large (db.family.size)");

    /// <summary>An optional VPC security group id (<c>sg-</c> and 8 or 17 hex digits); null when absent or bad (reported).</summary>
    public static string? SecurityGroup(MapReader block, string key) =>
        Optional(block, key, SecurityGroupPattern(), "a VPC security group id such as sg-0fe0ce0000000000e");

    /// <summary>False when <paramref name="key"/> is written but did not read: the block is then not clean.</summary>
    public static bool Fine(MapReader block, string key, object? value) => value is not null || !block.Has(key);

    private static string? Optional(MapReader block, string key, Regex pattern, string rule)
    {
        var value = block.Text(key, expected: rule);
        if (value is not null && !pattern.IsMatch(value))
        {
            block.Report(key, $"'{value}' is not a valid {key}", rule);
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex(@"^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceClassPattern();

    [GeneratedRegex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex SecurityGroupPattern();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();
}
