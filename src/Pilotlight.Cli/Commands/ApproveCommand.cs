using System.CommandLine;
using Pilotlight.Lab;

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
        command.SetAction(parse =>
        {
            try
            {
                var lab = target.Open(parse, context);
                var request = lab.Answer(parse.GetValue(id), approve);
                if (parse.GetValue(json))
                {
                    Json.Write(context.Out, new { id = request.Id, kind = request.Kind, answer = approve ? "approved" : "denied" });
                }
                else
                {
                    context.Out.WriteLine($"{request.Id}: {request.Kind} {(approve ? "approved: the controller proceeds at its next round" : "denied")}");
                }

                return ExitCodes.Ok;
            }
            catch (LabException e)
            {
                context.Error.WriteLine($"pilotlight: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (DamagedStateException e)
            {
                context.Error.WriteLine($"pilotlight: {e.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.DamagedState;
            }
        });
        return command;
    }
}
