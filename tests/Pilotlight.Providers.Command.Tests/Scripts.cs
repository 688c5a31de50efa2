using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Tests;

/// <summary>A temp directory of real shell scripts for one test, removed afterwards.</summary>
internal sealed class Scripts : IDisposable
{
    public Scripts()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"pilotlight-command-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public CommandShell Shell => new(Directory, TimeProvider.System);

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes an executable <c>/bin/sh</c> script; returns its path as one shell word for a command line.</summary>
    public string Write(string name, string body)
    {
        var path = PathOf(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return CommandTemplate.Quote(path);
    }

    public string Read(string name) => File.ReadAllText(PathOf(name));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed helper may still be closing a file in it; the temp directory is the system's to clean then.
        }
    }
}
