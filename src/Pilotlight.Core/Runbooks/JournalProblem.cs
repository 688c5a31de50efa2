namespace Pilotlight.Core.Runbooks;

/// <summary>Why an execution journal cannot be trusted: the line (1-based) that breaks it, and how.</summary>
public sealed record JournalProblem(string Path, int Line, string Reason)
{
    public override string ToString() => $"{Path}:{Line}: {Reason}";
}
