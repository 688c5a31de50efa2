using System.CommandLine;
using Pilotlight.Core.Costs;
using Pilotlight.Core.Plans;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// <c>pilotlight cost [FILE]</c>: the plan's monthly cost as pilot light against warm standby and active-active,
/// each line with its arithmetic, from the price table shipped in the build.
/// </summary>
internal static class CostCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var file = FileArgument.Create("The plan file");
        var command = new Command("cost", "Monthly cost of the plan as pilot light against warm standby and active-active, from a dated price table (compute and database instance-hours only)") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), context));
        return command;
    }

    public static int Run(string file, bool json, CliContext context)
    {
        var read = PlanFile.Read(context.Resolve(file), PlanProviders.Registry, context.Clock);
        if (read.Plan is not { } plan)
        {
            var problems = read.Problems.Select(p => (p with { File = file }).ToString()).ToList();
            return Fail(context, json, string.Join('\n', problems), ExitCodes.InvalidPlan);
        }

        var (input, problem) = CostInputs.From(plan);
        if (input is null)
        {
            return Fail(context, json, $"{file}: {problem}", ExitCodes.Failed);
        }

        var prices = PriceTable.Embedded();
        var result = CostCalculator.Estimate(plan, input, prices);
        if (result.Estimate is not { } estimate)
        {
            return Fail(context, json, $"{file}: {result.MissingLine(prices)}", ExitCodes.Failed);
        }

        if (json)
        {
            Json.Write(context.Out, CostView.ToJson(file, plan, estimate));
        }
        else
        {
            CostView.Write(context.Out, plan, estimate);
        }

        return ExitCodes.Ok;
    }

    private static int Fail(CliContext context, bool json, string message, int code)
    {
        if (json)
        {
            Json.Write(context.Out, new { ok = false, error = message, exit_code = code });
        }

        foreach (var line in message.Split('\n'))
        {
            context.Error.WriteLine(line);
        }

        return code;
    }
}
