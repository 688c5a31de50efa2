using System.Collections.Immutable;
using Pilotlight.Core.Plans.Yaml;

namespace Pilotlight.Core.Plans.Validation;

/// <summary>Collects the problems of one plan file, so that one run reports them all.</summary>
public sealed class ProblemList
{
    private readonly List<PlanProblem> _problems = [];

    public ProblemList(string file) => File = file;

    public string File { get; }

    public int Count => _problems.Count;

    public void Add(SourcePosition? position, string path, string problem, string? expected = null) =>
        _problems.Add(new PlanProblem(File, position, path, problem, expected));

    /// <summary>The problems in file order; problems without a position come first.</summary>
    public ImmutableArray<PlanProblem> ToImmutable() =>
        [.. _problems
            .Select((p, i) => (p, i))
            .OrderBy(x => x.p.Position?.Line ?? 0)
            .ThenBy(x => x.p.Position?.Column ?? 0)
            .ThenBy(x => x.i)
            .Select(x => x.p)];
}
