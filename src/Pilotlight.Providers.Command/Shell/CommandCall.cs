using System.Collections.Immutable;
using System.Globalization;

namespace Pilotlight.Providers.Command.Shell;

/// <summary>
/// One run of a plan command: which resource and key it is, its template, and the site and count it is for.
/// Renders as the subject of every error line, e.g. <c>compute command 'scale' for site b</c>.
/// </summary>
internal sealed record CommandCall(string Resource, string Key, CommandTemplate Template, string? Site = null, int? Count = null)
{
    /// <summary>Placeholder values beyond site and count (e.g. an isolated drill's <c>name</c>, <c>database_port</c>).</summary>
    public ImmutableDictionary<string, string> More { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The placeholder values, also passed as <c>PILOTLIGHT_SITE</c>, <c>PILOTLIGHT_COUNT</c> and <c>PILOTLIGHT_</c> + each of <see cref="More"/> in capitals.</summary>
    public ImmutableDictionary<string, string> Values
    {
        get
        {
            var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            values.AddRange(More);
            if (Site is not null)
            {
                values["site"] = Site;
            }

            if (Count is { } count)
            {
                values["count"] = count.ToString(CultureInfo.InvariantCulture);
            }

            return values.ToImmutable();
        }
    }

    public ImmutableDictionary<string, string> Environment =>
        Values.ToImmutableDictionary(v => $"PILOTLIGHT_{v.Key.ToUpperInvariant()}", v => v.Value, StringComparer.Ordinal);

    public override string ToString() => Site is null ? $"{Resource} command '{Key}'" : $"{Resource} command '{Key}' for site {Site}";
}
