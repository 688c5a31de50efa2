namespace Pilotlight.Cli.Tests;

/// <summary>The repository root, found from the test's output directory.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>The CLI as <c>./pilotlight</c> runs it (the test project's build builds it).</summary>
    public static string CliAssembly => Path.Combine(Root, "src", "Pilotlight.Cli", "bin", "Debug", "net10.0", "pilotlight.dll");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Pilotlight.slnx not found above the test directory");
    }
}
