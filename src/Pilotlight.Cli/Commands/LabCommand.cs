using System.CommandLine;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight lab up|status|down|disaster|recover</c>: the two-site lab on this machine.</summary>
internal static partial class LabCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var stateDir = new Option<string>("--state-dir")
        {
            Description = $"The lab's state directory (default {LabEnvironment.DefaultStateDirectory})",
            DefaultValueFactory = _ => LabEnvironment.DefaultStateDirectory,
            Recursive = true,
        };
        var command = new Command("lab", "Run two sites on this machine from real parts: PostgreSQL, HAProxy, the sample Shop") { stateDir };
        command.Add(Up(stateDir, json, context));
        command.Add(Status(stateDir, json, context));
        command.Add(Down(stateDir, json, context));
        command.Add(Disaster(stateDir, json, context));
        command.Add(Recover(stateDir, json, context));
        command.Add(Supervise(stateDir, context));
        command.Add(Replicate(stateDir, context));
        return command;
    }

    private static Lab.Lab Open(ParseResult parse, Option<string> stateDir, CliContext context, int? basePort = null, bool synchronous = false) =>
        new(LabEnvironment.Options(parse.GetValue(stateDir)!, basePort ?? LabLayout.DefaultBasePort, synchronous, context));
}
