using System.Collections.Immutable;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary>Finds what the lab needs around the CLI: the built sample Shop, and how to run this CLI again for daemons.</summary>
internal static class LabEnvironment
{
    /// <summary>
    /// Where a lab lives unless --state-dir says otherwise. As root the lab's PostgreSQL runs as the postgres user,
    /// which must be able to reach the directory; a checkout under /root would not let it.
    /// </summary>
    public static string DefaultStateDirectory => Pilotlight.Processes.ProcessLauncher.IsRoot ? "/var/lib/pilotlight/lab" : ".pilotlight/lab";

    public static LabOptions Options(string stateDirectory, int basePort, bool synchronous, CliContext context) => new()
    {
        StateDirectory = context.Resolve(stateDirectory),
        BasePort = basePort,
        Synchronous = synchronous,
        ShopAssembly = ShopAssembly(),
        PilotlightCommand = PilotlightCommand(),
    };

    /// <summary>PILOTLIGHT_SHOP_DLL, else samples/Shop's build output in the checkout this CLI was built from.</summary>
    public static string ShopAssembly()
    {
        if (Environment.GetEnvironmentVariable("PILOTLIGHT_SHOP_DLL") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
            {
                return Path.Combine(dir.FullName, "samples", "Shop", "bin", "Debug", "net10.0", "Shop.dll");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "Shop.dll");
    }

    /// <summary>The command line that runs this very CLI: the apphost, or dotnet with pilotlight.dll.</summary>
    public static ImmutableArray<string> PilotlightCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "pilotlight.dll");
        return Path.GetFileNameWithoutExtension(host) == "pilotlight" ? [host] : ["dotnet", dll];
    }
}
