using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Pilotlight.Core.Plans.Validation;

namespace Pilotlight.Cli;

/// <summary>
/// What is wrong with a command line (exit code 64), found once for every command: an unknown command or option
/// with "did you mean", a token that looks like an option given where an argument goes, a missing subcommand, or
/// whatever System.CommandLine rejects.
/// </summary>
internal sealed record UsageProblem(Command Command, string CommandPath, string Message, bool MissingCommand = false)
{
    /// <summary>The one line on standard error.</summary>
    public string Line => $"{CommandPath}: {Message}; see {CommandPath} --help";

    /// <summary>The problem with the command line, or null when it can run.</summary>
    public static UsageProblem? Find(ParseResult parse, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(args);
        var beforeDoubleDash = args.TakeWhile(a => a != "--").ToHashSet(StringComparer.Ordinal);
        bool IsOptionLike(string token) => LooksLikeOption(token) && beforeDoubleDash.Contains(token);

        // System.CommandLine hands an unknown "--x" to an optional argument (status --jsn would open a plan "--jsn").
        foreach (var command in Chain(parse.CommandResult))
        {
            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                if (argument.Tokens.FirstOrDefault(t => IsOptionLike(t.Value)) is { } token)
                {
                    return UnknownOption(command, token.Value);
                }
            }
        }

        var innermost = parse.CommandResult;
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (IsOptionLike(token))
            {
                return UnknownOption(innermost, token);
            }

            var subcommands = innermost.Command.Subcommands.Where(c => !c.Hidden).ToList();
            return subcommands.Count > 0
                ? At(innermost, $"unknown command '{token}'{Suggestions.DidYouMean(token, subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)))}")
                : At(innermost, $"unexpected argument '{token}'");
        }

        if (parse.Errors.Count == 0)
        {
            return null;
        }

        // A group (the root, lab, bench) without its subcommand: the caller shows the group's help.
        if (innermost.Command.Action is null && innermost.Command.Subcommands.Count > 0)
        {
            return At(innermost, "a command is needed") with { MissingCommand = true };
        }

        var error = parse.Errors[0];
        var owner = Chain(error.SymbolResult).FirstOrDefault() ?? innermost;
        return At(owner, error.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.'));
    }

    /// <summary>The command's name as typed: <c>pilotlight lab up</c>.</summary>
    public static string PathOf(CommandResult command) =>
        string.Join(' ', Chain(command).Reverse().Select(c => c.Parent is null ? "pilotlight" : c.Command.Name));

    private static UsageProblem UnknownOption(CommandResult command, string token)
    {
        // The command's own options and the recursive ones of its parents (--json, lab's --state-dir).
        var candidates = Chain(command)
            .SelectMany((c, depth) => c.Command.Options.Where(o => depth == 0 || o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal));
        var name = token.Split('=', 2)[0];
        return At(command, $"unknown option '{name}'{Suggestions.DidYouMean(name, candidates)}");
    }

    private static UsageProblem At(CommandResult command, string message) => new(command.Command, PathOf(command), message);

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static IEnumerable<CommandResult> Chain(SymbolResult? result)
    {
        for (var r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult command)
            {
                yield return command;
            }
        }
    }
}
