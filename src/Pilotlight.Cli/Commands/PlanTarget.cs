using System.CommandLine;
using Pilotlight.Engine;

namespace Pilotlight.Cli.Commands;

/// <summary>
/// What a plan-driven command acts on: exactly the plan file it is given (default <c>./pilotlight.yaml</c>, else
/// the default lab's plan), with its state directory: the plan's <c>state_dir:</c> if set, else
/// <c>--state-dir</c>, else <c>.pilotlight/NAME/</c> beside the plan. Without a plan argument, <c>--state-dir DIR</c>
/// of a lab names the plan that lab up wrote there.
/// </summary>
internal sealed class PlanTarget
{
    private const string PlanHelp = "The plan (default ./pilotlight.yaml, else the default lab's plan)";

    private readonly Argument<string?>? _plan;
    private readonly Option<string?>? _planOption;
    private readonly Option<string?> _stateDir;

    private PlanTarget(bool withPlanArgument)
    {
        _plan = withPlanArgument ? new Argument<string?>("PLAN") { Description = PlanHelp, Arity = ArgumentArity.ZeroOrOne } : null;
        _planOption = withPlanArgument ? null : new Option<string?>("--plan") { Description = PlanHelp };
        _stateDir = new Option<string?>("--state-dir") { Description = "The plan's state directory (when the plan sets no state_dir); without a plan, a lab's state directory" };
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

        if (_planOption is not null)
        {
            command.Add(_planOption);
        }

        command.Add(_stateDir);
    }

    /// <summary>The engine of the plan the command line names; a plan that is missing or invalid is <see cref="PlanRejectedException"/> (exit 2).</summary>
    public PlanEngine Open(ParseResult parse, CliContext context, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(context);
        var stateDirectory = parse.GetValue(_stateDir) is { } dir ? context.Resolve(dir) : null;
        string plan;
        if ((_plan is not null ? parse.GetValue(_plan) : parse.GetValue(_planOption!)) is { } given)
        {
            plan = given;
        }
        else if (stateDirectory is not null && File.Exists(Path.Combine(stateDirectory, "pilotlight.yaml")))
        {
            plan = Path.Combine(stateDirectory, "pilotlight.yaml");
        }
        else if (File.Exists(context.Resolve("pilotlight.yaml")))
        {
            plan = "pilotlight.yaml";
        }
        else
        {
            var lab = context.Resolve(Path.Combine(LabEnvironment.DefaultStateDirectory, "pilotlight.yaml"));
            plan = File.Exists(lab)
                ? lab
                : throw new PlanRejectedException($"no plan: neither ./pilotlight.yaml nor the default lab's {lab} exists; name one (pilotlight status PLAN), write one with pilotlight init, or start the lab with pilotlight lab up");
        }

        var full = context.Resolve(plan);
        if (!File.Exists(full))
        {
            throw new PlanRejectedException(Directory.Exists(full) ? $"{plan}: a directory, not a plan file" : $"{plan}: no such plan file");
        }

        var engine = PlanEngine.Open(full, PlanProviders.Registry, stateDirectory, (options ?? new EngineOptions { AfterStep = CrashHook.FromEnvironment() }) with { Clock = context.Clock }, shownAs: plan);
        if (engine.Options.Faults is null && File.Exists(Path.Combine(engine.Layout.StateDirectory, "lab.json")))
        {
            // A lab's plan: the lab can lose a site for real, for live drills with a fault (and to resume one).
            var lab = new Lab.Lab(LabEnvironment.Options(engine.Layout.StateDirectory, Lab.LabLayout.DefaultBasePort, synchronous: false, context));
            engine = PlanEngine.Open(full, PlanProviders.Registry, stateDirectory, engine.Options with { Faults = new Lab.LabFaults(lab) }, shownAs: plan);
        }

        return engine;
    }
}
