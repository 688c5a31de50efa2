using System.Collections.Immutable;

namespace Pilotlight.Core.Runbooks;

/// <summary>A step graph built from a plan: what an execution runs, with the reasons it was built that way.</summary>
public sealed record Runbook(string Kind, ImmutableArray<RunbookStep> Steps, ImmutableArray<string> Reasons)
{
    /// <summary>What the execution does, as fields of its journal's first entry: e.g. failover, from a, to b.</summary>
    public ExecutionTarget? Target { get; init; }

    /// <summary>Throws if ids repeat, a dependency names no step, or the dependencies form a cycle.</summary>
    public void Validate()
    {
        var ids = Steps.Select(s => s.Id).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw new InvalidOperationException($"runbook {Kind} repeats a step id");
        }

        foreach (var step in Steps)
        {
            foreach (var dependency in step.DependsOn.Where(d => !ids.Contains(d)))
            {
                throw new InvalidOperationException($"step {step.Id} depends on unknown step {dependency}");
            }
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < Steps.Length)
        {
            var next = Steps.Where(s => !done.Contains(s.Id) && s.DependsOn.All(done.Contains)).ToList();
            if (next.Count == 0)
            {
                throw new InvalidOperationException($"runbook {Kind} has a dependency cycle");
            }

            done.UnionWith(next.Select(s => s.Id));
        }
    }

    /// <summary>The steps in waves: each wave depends only on earlier waves, and its steps run in parallel.</summary>
    public ImmutableArray<ImmutableArray<RunbookStep>> Waves()
    {
        Validate();
        var waves = ImmutableArray.CreateBuilder<ImmutableArray<RunbookStep>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < Steps.Length)
        {
            var wave = Steps.Where(s => !done.Contains(s.Id) && s.DependsOn.All(done.Contains)).ToImmutableArray();
            waves.Add(wave);
            done.UnionWith(wave.Select(s => s.Id));
        }

        return waves.ToImmutable();
    }
}
