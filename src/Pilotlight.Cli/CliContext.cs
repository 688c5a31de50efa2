namespace Pilotlight.Cli;

/// <summary>What a command writes to and reads the world through; tests pass their own writers and clock.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Clock, string WorkingDirectory, TextReader? In = null, bool Terminal = false)
{
    /// <summary>A path as the user gave it, resolved against the working directory.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);
}
