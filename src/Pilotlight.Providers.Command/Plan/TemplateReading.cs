using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Plans.Validation;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command;

/// <summary>Reads a command line of a <c>command</c> provider's config, checking its placeholders.</summary>
internal static class TemplateReading
{
    /// <summary>
    /// The command at <paramref name="key"/>; null when it is absent, blank, or uses a placeholder other than
    /// <paramref name="placeholders"/> (reported with the key's position and "did you mean").
    /// </summary>
    public static CommandTemplate? Template(this MapReader block, string key, IReadOnlyList<string> placeholders, string expected)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(placeholders);
        var text = block.Text(key, expected: expected);
        if (text is null)
        {
            return null;
        }

        var template = new CommandTemplate(text);
        var unknown = template.Placeholders.Where(p => !placeholders.Contains(p)).ToList();
        foreach (var name in unknown)
        {
            var near = Suggestions.Closest(name, placeholders) is { } match ? $" (did you mean '{{{match}}}'?)" : "";
            block.Report(key, $"unknown placeholder '{{{name}}}'{near}", Allowed(placeholders));
        }

        return unknown.Count == 0 ? template : null;
    }

    /// <summary>True when <paramref name="key"/> is written but its value was reported as invalid.</summary>
    public static bool Failed(this MapReader block, string key, object? value) => block.Has(key) && value is null;

    private static string Allowed(IReadOnlyList<string> placeholders) => placeholders.Count switch
    {
        0 => "no placeholder here; {{name}} for a literal {name}",
        1 => $"the placeholder {{{placeholders[0]}}}; {{{{name}}}} for a literal {{name}}",
        _ => $"the placeholders {string.Join(" and ", placeholders.Select(p => $"{{{p}}}"))}; {{{{name}}}} for a literal {{name}}",
    };
}
