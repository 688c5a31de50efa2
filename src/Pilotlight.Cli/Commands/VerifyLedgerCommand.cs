using System.CommandLine;
using System.Globalization;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight verify-ledger LEDGER [PLAN]</c>: every acknowledged write of a ledger checked against the active
/// site's database; lists the lost ones (reference, time). Exit 0 when none is lost, 1 when any is (or the writes
/// could not be looked up), 4 for a damaged ledger.
/// </summary>
internal static class VerifyLedgerCommand
{
    private const int Listed = 1000;

    public static Command Create(Option<bool> json, CliContext context)
    {
        var ledger = new Argument<string>("LEDGER") { Description = "The ledger file pilotlight load wrote" };
        var target = PlanTarget.WithPlanArgument();
        var command = new Command("verify-ledger", "Check every acknowledged write of a ledger against the active site's database; exit 1 if any is lost") { ledger };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight verify-ledger", async () =>
        {
            var engine = target.Open(parse, context);
            var check = await engine.VerifyLedgerAsync(context.Resolve(parse.GetValue(ledger)!), ct);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new
                {
                    ok = check.NoneLost,
                    ledger = check.LedgerPath,
                    site = check.Site,
                    table = check.Table,
                    column = check.Column,
                    acknowledged = check.Acknowledged,
                    lost_count = check.Lost.Length,
                    lost = check.Lost.Select(l => new { @ref = l.Ref, at = l.At }),
                });
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(check.NoneLost ? "OK" : "LOST")}: {check.Lost.Length} of {check.Acknowledged} acknowledged writes missing from site {check.Site}'s {check.Table}.{check.Column}"));
                foreach (var lost in check.Lost.Take(Listed))
                {
                    await context.Out.WriteLineAsync($"  lost {lost.Ref} acknowledged at {lost.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
                }

                if (check.Lost.Length > Listed)
                {
                    await context.Out.WriteLineAsync($"  … and {check.Lost.Length - Listed} more (--json lists all)");
                }
            }

            return check.NoneLost ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
