using System.CommandLine;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight status [PLAN]</c>: READY / NOT READY — can the standby take over now, and if not, why.</summary>
internal static class StatusCommand
{
    /// <summary>The exit code when the standby is not ready (the command itself worked).</summary>
    public const int NotReady = 3;

    public static Command Create(Option<bool> json, CliContext context)
    {
        var target = PlanTarget.WithPlanArgument();
        var command = new Command("status", "Is the standby ready to take over? Each readiness check and why it fails");
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight status", async () =>
        {
            var engine = target.Open(parse, context);
            var report = await engine.ReadinessAsync(ct);
            var active = engine.ActiveSite;
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new
                {
                    plan = engine.PlanPath,
                    state_dir = engine.Layout.StateDirectory,
                    active_site = active,
                    standby_site = report.Standby,
                    ready = report.Ready,
                    checks = report.Checks.Select(c => new { name = c.Name, ready = c.Ready, detail = c.Detail }),
                });
            }
            else
            {
                var failing = report.Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}").ToList();
                await context.Out.WriteLineAsync(report.Ready
                    ? $"READY: site {report.Standby} can take over from site {active}"
                    : $"NOT READY: site {report.Standby} cannot take over: {string.Join("; ", failing)}");
                foreach (var check in report.Checks)
                {
                    await context.Out.WriteLineAsync($"  {(check.Ready ? "ok " : "NO ")} {check.Name,-9} {check.Detail}");
                }
            }

            return report.Ready ? ExitCodes.Ok : NotReady;
        }));
        return command;
    }
}
