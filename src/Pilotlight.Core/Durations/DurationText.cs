using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Pilotlight.Core.Durations;

/// <summary>Durations as people write them in a plan: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
public static class DurationText
{
    public const string Expected = "a duration such as 500ms, 30s, 5m or 1h30m";

    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    private static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public static bool TryParse(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration";
            return false;
        }

        var s = text.Trim();
        if (s[0] == '-')
        {
            error = $"negative duration '{s}'";
            return false;
        }

        var i = 0;
        var lastUnit = -1;
        var total = TimeSpan.Zero;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = $"'{s}' is not a duration";
                return false;
            }

            if (!long.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"'{s}' is too long a duration";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetterLower(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"'{s}' has no unit after {amount}";
                return false;
            }

            var index = Array.FindIndex(Units, u => u.Unit == unit);
            if (index < 0)
            {
                error = $"'{s}' has an unknown unit '{unit}' (units: d, h, m, s, ms)";
                return false;
            }

            if (index <= lastUnit)
            {
                error = $"'{s}' repeats or misorders its units";
                return false;
            }

            lastUnit = index;
            if (amount > Longest.Ticks / Units[index].Size.Ticks)
            {
                error = $"'{s}' is longer than 3650d";
                return false;
            }

            total += TimeSpan.FromTicks(amount * Units[index].Size.Ticks);
            if (total > Longest)
            {
                error = $"'{s}' is longer than 3650d";
                return false;
            }
        }

        value = total;
        error = null;
        return true;
    }

    /// <summary>The shortest text that parses back to the same value: <c>1h30m</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }

        foreach (var (unit, size) in Units)
        {
            var amount = value.Ticks / size.Ticks;
            if (amount > 0)
            {
                sb.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
                value -= TimeSpan.FromTicks(amount * size.Ticks);
            }
        }

        return sb.Length == 0 ? "0s" : sb.ToString();
    }
}
