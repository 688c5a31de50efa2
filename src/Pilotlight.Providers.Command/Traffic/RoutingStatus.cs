using System.Collections.Immutable;
using System.Text.Json;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Traffic;

/// <summary>Reads what the traffic <c>status</c> command prints: whether the entry routes to each site.</summary>
internal static class RoutingStatus
{
    public const string Shape = """{"sites":{"a":{"routed":true},"b":{"routed":false}}}""";

    /// <summary>Routed or not per site named in <paramref name="output"/>; null when it is not <see cref="Shape"/>.</summary>
    public static ImmutableDictionary<string, bool>? Parse(string output)
    {
        if (JsonOutput.Object(output) is not { } root
            || !root.TryGetProperty("sites", out var sites)
            || sites.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = ImmutableDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        foreach (var site in sites.EnumerateObject())
        {
            if (site.Value.ValueKind != JsonValueKind.Object
                || !site.Value.TryGetProperty("routed", out var routed)
                || routed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return null;
            }

            result[site.Name] = routed.GetBoolean();
        }

        return result.ToImmutable();
    }
}
