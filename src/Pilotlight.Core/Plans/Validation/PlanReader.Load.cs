using System.Text.RegularExpressions;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Plans.Validation;

internal sealed partial class PlanReader
{
    private const string IdentifierExpected = "a SQL identifier: letters, digits and underscores, optionally schema-qualified (public.orders)";

    private static readonly string[] MethodWords = ["POST", "PUT", "PATCH", "GET", "DELETE"];

    private static LoadSettings ReadLoad(MapReader top)
    {
        var map = top.Map("load");
        if (map is null)
        {
            return LoadSettings.Default;
        }

        var defaults = LoadSettings.Default;
        var method = map.Choice("method", MethodWords);
        var path = map.Text("path", expected: "a request path starting with /, e.g. /orders");
        if (path is not null && !path.StartsWith('/'))
        {
            map.Report("path", $"'{path}' does not start with /", "a request path starting with /, e.g. /orders");
        }

        var body = map.Text("body", expected: "a request body template, e.g. {\"client_ref\":\"{ref}\"}");
        if (body is not null && !body.Contains(LoadSettings.RefPlaceholder, StringComparison.Ordinal))
        {
            map.Report("body", "has no {ref}, so no write could be told from another", "a body template with {ref} where the unique reference goes");
        }

        var status = map.Number("expect_status", min: 100, max: 599);
        string? table = null;
        string? column = null;
        if (map.Map("ledger") is { } ledger)
        {
            table = Identifier(ledger, "table");
            column = Identifier(ledger, "column");
            ledger.RejectUnknownKeys();
        }

        map.RejectUnknownKeys();
        return new LoadSettings
        {
            Method = method ?? defaults.Method,
            Path = path ?? defaults.Path,
            Body = body ?? defaults.Body,
            ExpectStatus = status ?? defaults.ExpectStatus,
            LedgerTable = table ?? defaults.LedgerTable,
            LedgerColumn = column ?? defaults.LedgerColumn,
        };
    }

    private static string? Identifier(MapReader map, string key)
    {
        var value = map.Text(key, expected: IdentifierExpected);
        if (value is not null && !IdentifierPattern().IsMatch(value))
        {
            map.Report(key, $"'{value}' is not a SQL identifier", IdentifierExpected);
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
