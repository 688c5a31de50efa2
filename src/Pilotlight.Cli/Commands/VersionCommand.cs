using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight version</c> and <c>pilotlight --version</c>: <c>pilotlight VERSION</c>.</summary>
internal static class VersionCommand
{
    /// <summary>The CLI's version, with the commit it was built from shortened: <c>1.0.0+3dade93</c>.</summary>
    public static string Version { get; } = Read();

    public static Command Create(Option<bool> json, CliContext context)
    {
        var command = new Command("version", "Print the version of pilotlight");
        command.SetAction(parse => Write(context, parse.GetValue(json)));
        return command;
    }

    /// <summary>Makes the root's --version print the same line as the version command.</summary>
    public static void ReplaceVersionOption(RootCommand root, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(context);
        }
    }

    private static int Write(CliContext context, bool json)
    {
        if (json)
        {
            Json.Write(context.Out, new { ok = true, version = Version });
        }
        else
        {
            context.Out.WriteLine($"pilotlight {Version}");
        }

        return ExitCodes.Ok;
    }

    private static string Read()
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }

    private sealed class VersionAction(CliContext context) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) => Write(context, json: false);
    }
}
