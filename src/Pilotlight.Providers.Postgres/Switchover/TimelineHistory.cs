using System.Globalization;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// A timeline history file (<c>pg_wal/00000002.history</c>): each line names an ancestor timeline and the WAL position
/// where it was left for the next one — the fork point of a server still on that ancestor.
/// </summary>
internal static class TimelineHistory
{
    /// <summary>The position where <paramref name="timeline"/> was left, or null when it is no ancestor in <paramref name="history"/>.</summary>
    public static ulong? SwitchPoint(string history, int timeline)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var line in history.Split('\n'))
        {
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && !fields[0].StartsWith('#')
                && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent == timeline)
            {
                return WalPosition.Parse(fields[1]);
            }
        }

        return null;
    }

    /// <summary>The file name of a timeline's history, as in pg_wal.</summary>
    public static string FileName(int timeline) => string.Create(CultureInfo.InvariantCulture, $"{timeline:X8}.history");
}
