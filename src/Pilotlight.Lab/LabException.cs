namespace Pilotlight.Lab;

/// <summary>A problem a lab command reports to its user as one line: what, where, and what to do.</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
