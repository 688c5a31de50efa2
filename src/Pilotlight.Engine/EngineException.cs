namespace Pilotlight.Engine;

/// <summary>A problem a plan-driven command reports to its user as one line: what, where, and what to do.</summary>
public class EngineException : Exception
{
    public EngineException()
    {
    }

    public EngineException(string message)
        : base(message)
    {
    }

    public EngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The plan cannot be read or is invalid (exit code 2): its problems, one per line.</summary>
public sealed class PlanRejectedException : EngineException
{
    public PlanRejectedException()
    {
    }

    public PlanRejectedException(string message)
        : base(message)
    {
    }

    public PlanRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
