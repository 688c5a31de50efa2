using System.Globalization;

namespace Pilotlight.Processes;

/// <summary>Reads /proc/PID/stat.</summary>
internal static class ProcessRecordReader
{
    /// <summary>Field 22 of /proc/PID/stat: start time in clock ticks after boot; null if the process is gone.</summary>
    public static long? ReadStartTime(int pid) => Fields(pid) is { } f && f.Length > 19 && long.TryParse(f[19], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static bool IsZombie(int pid) => Fields(pid) is { } f && f.Length > 0 && f[0] is "Z" or "X";

    /// <summary>State ('R', 'S', 'T' for stopped, 'Z'...) of a process, or null.</summary>
    public static string? State(int pid) => Fields(pid) is { } f && f.Length > 0 ? f[0] : null;

    // The fields after "(comm)" (state, ppid, pgrp… from field 3 on); comm may itself hold spaces and parentheses,
    // so split after the last ')'.
    public static string[]? Fields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var close = text.LastIndexOf(')');
        return close < 0 ? null : text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
