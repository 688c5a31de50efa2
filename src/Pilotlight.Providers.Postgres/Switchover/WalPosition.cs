using System.Globalization;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>A WAL position (LSN) as PostgreSQL writes it, <c>16/B374D848</c>, and as a number to compare.</summary>
internal static class WalPosition
{
    public static ulong Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !uint.TryParse(text.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !uint.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            throw new FormatException($"'{text}' is not a WAL position; expected two hexadecimal numbers such as 0/3000060");
        }

        return ((ulong)high << 32) | low;
    }

    public static string Format(ulong position) =>
        string.Create(CultureInfo.InvariantCulture, $"{position >> 32:X}/{position & 0xFFFFFFFF:X}");
}
