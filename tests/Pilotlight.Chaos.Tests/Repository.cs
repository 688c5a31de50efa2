namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>Paths in the checkout the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string ShopAssembly => Path.Combine(Root, "samples", "Shop", "bin", "Debug", "net10.0", "Shop.dll");

    public static string CliAssembly => Path.Combine(Root, "src", "Pilotlight.Cli", "bin", "Debug", "net10.0", "pilotlight.dll");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pilotlight.slnx not found above the test directory");
    }
}
