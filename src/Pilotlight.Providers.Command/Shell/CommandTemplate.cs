using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Pilotlight.Providers.Command.Shell;

/// <summary>
/// A command line of the plan, run by <c>/bin/sh -c</c>, with placeholders such as <c>{site}</c> filled in with
/// shell-quoted values. A placeholder is a lowercase name in braces not preceded by <c>$</c>, so <c>${VAR}</c>,
/// <c>{a,b}</c>, <c>{ cmd; }</c> and JSON stay as written; <c>{{name}}</c> is the literal text <c>{name}</c>.
/// </summary>
internal sealed partial record CommandTemplate(string Text)
{
    /// <summary>The placeholder names the text uses, in order of appearance, each once.</summary>
    public ImmutableArray<string> Placeholders =>
        [.. PlaceholderPattern().Matches(Text).Where(m => m.Groups["name"].Success).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>The command line with every placeholder replaced by its value as one single-quoted shell word.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PlaceholderPattern().Replace(Text, m => m.Groups["literal"].Success
            ? $"{{{m.Groups["literal"].Value}}}"
            : values.TryGetValue(m.Groups["name"].Value, out var value)
                ? Quote(value)
                : throw new InvalidOperationException($"no value for placeholder {{{m.Groups["name"].Value}}}"));
    }

    /// <summary>One shell word for any text: single quotes, with each quote inside written as <c>'\''</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"'{value.Replace("'", @"'\''", StringComparison.Ordinal)}'";
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"\{\{(?<literal>[a-z][a-z0-9_]*)\}\}|(?<!\$)\{(?<name>[a-z][a-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
