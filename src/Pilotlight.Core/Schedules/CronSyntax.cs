using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Quartz;

namespace Pilotlight.Core.Schedules;

/// <summary>Reads a drill's cron text, crontab or Quartz form, into a Quartz expression, with one-line errors.</summary>
internal static class CronSyntax
{
    private const string FieldsExpected =
        "5 (minute hour day-of-month month day-of-week) or 6-7 Quartz fields (second minute hour day-of-month month day-of-week [year])";

    private const string SyntaxExpected = "crontab or Quartz cron syntax";

    public static bool TryRead(string? expression, [NotNullWhen(true)] out CronExpression? cron, [NotNullWhen(false)] out string? error)
    {
        cron = null;
        var fields = expression?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (fields.Length == 0)
        {
            error = $"empty cron expression; expected {FieldsExpected}";
            return false;
        }

        // Quoted in every error, so the error stays one line whatever whitespace was typed.
        var written = string.Join(' ', fields);
        if (fields.Length is < 5 or > 7)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{written}' has {fields.Length} field{(fields.Length == 1 ? "" : "s")}; expected {FieldsExpected}");
            return false;
        }

        if (fields.Length == 5 && !TryCheckCrontabDays(written, dayOfMonth: fields[2], dayOfWeek: fields[4], out error))
        {
            return false;
        }

        try
        {
            cron = CronExpression.Parse(written, fields.Length == 5 ? CronFormat.Unix : CronFormat.Quartz);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = $"'{written}' is not a valid cron expression: {QuartzMessage(e.Message)}; expected {SyntaxExpected}";
            return false;
        }
    }

    /// <summary>Text safe to quote in a one-line error: control characters and line breaks are escaped.</summary>
    public static string Quote(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")
            : c.ToString()));

    // Crontab's day fields carry two traps Quartz's reading would hide: either-day matching when both are restricted,
    // and day numbers that crontab (0 = SUN) and Quartz (1 = SUN) count differently.
    private static bool TryCheckCrontabDays(string written, string dayOfMonth, string dayOfWeek, [NotNullWhen(false)] out string? error)
    {
        if (dayOfWeek.Split(',').Any(item => item.Split('#', '/')[0].Any(char.IsAsciiDigit)))
        {
            error = $"'{written}' numbers the day-of-week ({dayOfWeek}), which crontab counts from 0 = SUN and Quartz from 1 = SUN; expected day names MON..SUN";
            return false;
        }

        if (dayOfMonth is not ("*" or "?") && dayOfWeek is not ("*" or "?"))
        {
            error = $"'{written}' restricts both day-of-month ({dayOfMonth}) and day-of-week ({dayOfWeek}), which crontab reads as either day; expected '*' in one of them";
            return false;
        }

        error = null;
        return true;
    }

    // Quartz's messages may span lines, end in a full stop or hold a ';' that would blur the "; expected" part.
    private static string QuartzMessage(string message) =>
        string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace(';', ',').TrimEnd('.');
}
