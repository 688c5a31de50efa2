using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Compute;

/// <summary>One instance as the <c>list</c> command printed it.</summary>
internal sealed record ListedInstance(Endpoint Address, bool Ready, string? Version)
{
    /// <summary>What <c>list</c> prints; <c>ready</c> (default false) and <c>version</c> may be left out.</summary>
    public const string Shape = """{"instances":[{"address":"host:port","ready":true}]}""";

    /// <summary>The instances in <paramref name="output"/>, or null when it is not <see cref="Shape"/>.</summary>
    public static ImmutableArray<ListedInstance>? Parse(string output)
    {
        if (JsonOutput.Object(output) is not { } root
            || !root.TryGetProperty("instances", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = ImmutableArray.CreateBuilder<ListedInstance>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("address", out var address)
                || address.ValueKind != JsonValueKind.String
                || !Endpoint.TryParse(address.GetString()!, out var endpoint))
            {
                return null;
            }

            if (!JsonOutput.TryOptionalBool(item, "ready", out var ready) || !JsonOutput.TryOptionalString(item, "version", out var version))
            {
                return null;
            }

            result.Add(new ListedInstance(endpoint, ready ?? false, version));
        }

        return result.ToImmutable();
    }
}
