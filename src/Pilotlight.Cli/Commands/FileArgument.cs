using System.CommandLine;

namespace Pilotlight.Cli.Commands;

/// <summary>The optional FILE argument that plan commands share, defaulting to <c>pilotlight.yaml</c>.</summary>
internal static class FileArgument
{
    public static Argument<string> Create(string description)
    {
        var file = new Argument<string>("FILE")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "pilotlight.yaml",
        };

        // An unknown option would otherwise be taken for a file name ("--nope: no such file").
        file.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-') && result.Tokens[0].Value.Length > 1)
            {
                result.AddError($"unknown option '{result.Tokens[0].Value}'");
            }
        });
        return file;
    }
}
