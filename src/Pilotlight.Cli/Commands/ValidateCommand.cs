using System.CommandLine;
using Pilotlight.Core.Plans;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight validate [FILE]</c>: every problem of a plan in one run, or a one-line summary.</summary>
internal static class ValidateCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var file = FileArgument.Create("The plan file");
        var command = new Command("validate", "Check a plan and report every problem, each with file, line and column") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), context));
        return command;
    }

    public static int Run(string file, bool json, CliContext context)
    {
        var result = PlanFile.Read(context.Resolve(file), PlanProviders.Registry, context.Clock) with { File = file };
        var problems = result.Problems.Select(p => p with { File = file }).ToList();
        if (json)
        {
            Json.Write(context.Out, new
            {
                file,
                valid = result.IsValid,
                summary = result.Plan is { } p ? PlanSummary.OneLine(p, context.Clock) : null,
                plan = result.Plan is { } q ? PlanSummary.ToJson(q, context.Clock) : null,
                problems = problems.Select(x => new
                {
                    file = x.File,
                    line = x.Position?.Line,
                    column = x.Position?.Column,
                    path = x.Path,
                    problem = x.Problem,
                    expected = x.Expected,
                    message = x.ToString(),
                }),
            });
        }
        else if (result.IsValid)
        {
            context.Out.WriteLine($"{file}: valid: {PlanSummary.OneLine(result.Plan!, context.Clock)}");
        }
        else
        {
            foreach (var problem in problems)
            {
                context.Error.WriteLine(problem.ToString());
            }

            if (problems.Count > 1)
            {
                context.Error.WriteLine($"{file}: {problems.Count} problems");
            }
        }

        return result.IsValid ? ExitCodes.Ok : ExitCodes.InvalidPlan;
    }
}
