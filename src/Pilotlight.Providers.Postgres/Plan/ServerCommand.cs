using System.Collections.Immutable;
using System.Text;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// A command from the plan, split into words like a shell would (spaces separate, quotes and backslashes keep
/// them together) but never run through one. Placeholders <c>{bin_dir}</c>, <c>{data_dir}</c>, <c>{host}</c>,
/// <c>{port}</c> and <c>{site}</c> are filled in per word.
/// </summary>
public sealed record ServerCommand(ImmutableArray<string> Words)
{
    public static readonly ImmutableArray<string> Placeholders = ["{bin_dir}", "{data_dir}", "{host}", "{port}", "{site}"];

    public override string ToString() => string.Join(' ', Words.Select(w => w.Length == 0 || w.Any(char.IsWhiteSpace) ? $"'{w}'" : w));

    public bool Uses(string placeholder) => Words.Any(w => w.Contains(placeholder, StringComparison.Ordinal));

    public ServerCommand Fill(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new([.. Words.Select(w => values.Aggregate(w, (word, value) => word.Replace(value.Key, value.Value, StringComparison.Ordinal)))]);
    }

    /// <summary>Null, with <paramref name="error"/> set, for an unclosed quote, a trailing backslash or no words.</summary>
    public static ServerCommand? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    word.Append(text[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\')
            {
                if (i + 1 == text.Length)
                {
                    error = "ends in a backslash";
                    return null;
                }

                word.Append(text[++i]);
                inWord = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            error = $"has an unclosed {quote} quote";
            return null;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        error = words.Count == 0 ? "has no words" : null;
        return words.Count == 0 ? null : new ServerCommand(words.ToImmutable());
    }
}
