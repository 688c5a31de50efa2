namespace Pilotlight.Core.State;

/// <summary>
/// A file in the lab's state directory is not what Pilotlight writes there (lab.json, an execution journal, an
/// approval, a lock): reported as one line naming the file, what is wrong and what was expected, and never
/// guessed around.
/// </summary>
public sealed class DamagedStateException : Exception
{
    public DamagedStateException()
    {
    }

    public DamagedStateException(string message)
        : base(message)
    {
    }

    public DamagedStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DamagedStateException(string path, string message)
        : base(message) => Path = path;

    /// <summary>The damaged file.</summary>
    public string? Path { get; }
}
