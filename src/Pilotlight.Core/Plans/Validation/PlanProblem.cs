using Pilotlight.Core.Plans.Yaml;

namespace Pilotlight.Core.Plans.Validation;

/// <summary>
/// One thing wrong with a plan file: where, which key, what is wrong and what is expected.
/// Renders as <c>FILE:LINE:COL: path.to.key: what is wrong; what is expected</c>.
/// </summary>
public sealed record PlanProblem(string File, SourcePosition? Position, string Path, string Problem, string? Expected = null)
{
    public string Message => Expected is null ? Problem : $"{Problem}; expected {Expected}";

    public override string ToString()
    {
        var where = Position is { } p ? $"{File}:{p.Line}:{p.Column}" : File;
        return Path.Length == 0 ? $"{where}: {Message}" : $"{where}: {Path}: {Message}";
    }
}
