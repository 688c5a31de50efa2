using System.CommandLine;

namespace Pilotlight.Cli.Commands;

/// <summary><c>pilotlight init [--lab|--aws|--aws-ecs|--self-hosted] [FILE]</c>: writes a commented sample plan that validates clean.</summary>
internal static class InitCommand
{
    public static Command Create(Option<bool> json, CliContext context)
    {
        var lab = new Option<bool>("--lab") { Description = "A plan for the local lab (the default)" };
        var aws = new Option<bool>("--aws") { Description = "A plan for AWS: RDS replica, S3 replication, Auto Scaling, Route 53 failover" };
        var awsEcs = new Option<bool>("--aws-ecs") { Description = "A plan for AWS on ECS: an ECS service on spot capacity that goes on-demand on failover, RDS replica, Route 53 failover, a monthly live drill, SNS" };
        var selfHosted = new Option<bool>("--self-hosted") { Description = "A plan for your own servers: two PostgreSQL hosts, an HAProxy, compute as systemd units through commands" };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE if it exists" };
        var file = FileArgument.Create("Where to write the plan");
        var command = new Command("init", "Write a commented sample plan") { lab, aws, awsEcs, selfHosted, force, file };
        command.Validators.Add(result =>
        {
            if (new[] { result.GetValue(lab), result.GetValue(aws), result.GetValue(awsEcs), result.GetValue(selfHosted) }.Count(x => x) > 1)
            {
                result.AddError("--lab, --aws, --aws-ecs and --self-hosted exclude each other");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(aws) ? "aws" : parse.GetValue(awsEcs) ? "aws-ecs" : parse.GetValue(selfHosted) ? "self-hosted" : "lab", parse.GetValue(file)!, parse.GetValue(force), parse.GetValue(json), context));
        return command;
    }

    public static int Run(string template, string file, bool force, bool json, CliContext context)
    {
        var path = context.Resolve(file);
        if (Directory.Exists(path))
        {
            return Fail(context, json, file, "is a directory; expected a file path for the plan");
        }

        if (File.Exists(path) && !force)
        {
            return Fail(context, json, file, "already exists; expected a new file (or --force to overwrite it)");
        }

        var text = Sample(template);
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (directory is not null && !Directory.Exists(directory))
            {
                return Fail(context, json, file, $"directory {directory} does not exist; expected an existing directory");
            }

            // Write beside and rename, so a failed write never leaves half a plan where a plan was.
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(context, json, file, $"cannot be written: {e.Message}");
        }

        if (json)
        {
            Json.Write(context.Out, new { file, template, written = true });
        }
        else
        {
            context.Out.WriteLine($"{file}: wrote the {template} sample plan; check it with: pilotlight validate {file}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The sample plans are the files of examples/, embedded at build time.</summary>
    public static string Sample(string template)
    {
        using var stream = typeof(InitCommand).Assembly.GetManifestResourceStream($"Pilotlight.Cli.Samples.{template}.yaml")
            ?? throw new InvalidOperationException($"The {template} sample is not embedded in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int Fail(CliContext context, bool json, string file, string message)
    {
        if (json)
        {
            Json.Write(context.Out, new { file, written = false, error = message });
        }
        else
        {
            context.Error.WriteLine($"{file}: {message}");
        }

        return ExitCodes.Failed;
    }
}
