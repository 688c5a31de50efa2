using System.CommandLine;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight approve|deny [ID]</c>: the operator's answer to a failover the controller may not run on its own.</summary>
internal static class ApproveCommand
{
    public static Command Create(bool approve, Option<bool> json, CliContext context)
    {
        var id = new Argument<string?>("ID") { Description = "The approval request (default: the only pending one)", Arity = ArgumentArity.ZeroOrOne };
        var target = PlanTarget.StateDirectoryOnly();
        var command = new Command(approve ? "approve" : "deny", approve ? "Let a failover that waits for approval proceed" : "Refuse a failover that waits for approval") { id };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandGuard.RunAsync(context, parse.GetValue(json), "pilotlight", async () =>
        {
            var request = target.Open(parse, context).Answer(parse.GetValue(id), approve);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new { id = request.Id, kind = request.Kind, answer = approve ? "approved" : "denied" });
            }
            else
            {
                await context.Out.WriteLineAsync($"{request.Id}: {request.Kind} {(approve ? "approved: the controller proceeds at its next round" : "denied")}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
