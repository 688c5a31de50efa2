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

        if (!AwsRegionPattern().IsMatch(site.Region))
        {
            block.ReportHere($"site '{site.Name}' has region '{site.Region}', which is not an AWS region", "a site region such as eu-west-1, or region: here");
            return null;
        }

        return site.Region;
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();
}
