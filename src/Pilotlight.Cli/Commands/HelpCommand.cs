using System.CommandLine;
using Pilotlight.Core.Plans.Validation;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight help [COMMAND...]</c>: the help of pilotlight, or of the command named.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, CliContext context)
    {
        var names = new Argument<string[]>("COMMAND") { Description = "The command to explain, e.g. lab up", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the help of pilotlight or of a command") { names };
        command.SetAction(parse =>
        {
            var path = new List<string>();
            Command current = root;
            foreach (var name in parse.GetValue(names) ?? [])
            {
                var visible = current.Subcommands.Where(c => !c.Hidden).ToList();
                if (visible.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name)) is not { } next)
                {
                    var at = string.Join(' ', path.Prepend("pilotlight"));
                    context.Error.WriteLine($"{at}: unknown command '{name}'{Suggestions.DidYouMean(name, visible.Select(c => c.Name))}; see {at} --help");
                    return ExitCodes.Usage;
                }

                path.Add(name);
                current = next;
            }

            return Show(root, path, context.Out);
        });
        return command;
    }

    /// <summary>Writes the help of the command at <paramref name="path"/> below the root.</summary>
    public static int Show(RootCommand root, IEnumerable<string> path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return ExitCodes.Ok;
    }
}
