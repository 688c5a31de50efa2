using System.CommandLine;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// What a plan-driven command acts on: a plan path, or <c>--state-dir</c> of a lab; by default
/// <c>./pilotlight.yaml</c> if there is one, else the default lab. A plan is driven through the lab beside it.
/// </summary>
internal sealed class PlanTarget
{
    private readonly Argument<string?>? _plan;
    private readonly Option<string?> _stateDir;

    private PlanTarget(bool withPlanArgument)
    {
        _plan = withPlanArgument
            ? new Argument<string?>("PLAN") { Description = "The plan (default ./pilotlight.yaml); a lab's plan is its state directory's pilotlight.yaml", Arity = ArgumentArity.ZeroOrOne }
            : null;
        _stateDir = new Option<string?>("--state-dir") { Description = $"A lab's state directory instead of a plan (default lab: {LabEnvironment.DefaultStateDirectory})" };
    }

    public static PlanTarget WithPlanArgument() => new(withPlanArgument: true);

    public static PlanTarget StateDirectoryOnly() => new(withPlanArgument: false);

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_plan is not null)
        {
            command.Add(_plan);
        }

        command.Add(_stateDir);
    }

    public Lab.Lab Open(ParseResult parse, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (_plan is not null && parse.GetValue(_plan) is { } path)
        {
            return LabOf(path, context);
        }

        if (parse.GetValue(_stateDir) is { } directory)
        {
            return new Lab.Lab(LabEnvironment.Options(directory, LabLayout.DefaultBasePort, synchronous: false, context));
        }

        return File.Exists(context.Resolve("pilotlight.yaml"))
            ? LabOf("pilotlight.yaml", context)
            : new Lab.Lab(LabEnvironment.Options(LabEnvironment.DefaultStateDirectory, LabLayout.DefaultBasePort, synchronous: false, context));
    }

    private static Lab.Lab LabOf(string plan, CliContext context)
    {
        var full = context.Resolve(plan);
        if (!File.Exists(full))
        {
            throw new LabException($"{plan}: no such plan file");
        }

        var directory = Path.GetDirectoryName(full)!;
        if (!File.Exists(Path.Combine(directory, "lab.json")))
        {
            throw new LabException($"{plan}: not a lab's plan (no lab.json beside it); this version acts on labs only — the AWS providers validate plans but cannot act yet; use --state-dir for a lab");
        }

        return new Lab.Lab(LabEnvironment.Options(directory, LabLayout.DefaultBasePort, synchronous: false, context));
    }
}
