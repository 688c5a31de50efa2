using System.Diagnostics;

namespace Pilotlight.Providers.Aws.Tests.EndToEnd;

/// <summary>What a <c>pilotlight</c> child process printed and how it exited.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>
/// The real <c>pilotlight</c> CLI in a process of its own (the AWS SDK reads its environment and files once per process),
/// with the given AWS environment and every other AWS variable of this process removed; killed by its PID on timeout.
/// </summary>
internal static class CliProcess
{
    private static readonly string[] Inherited = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ENDPOINT_URL"];

    public static async Task<CliRun> RunAsync(string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = directory };
        start.ArgumentList.Add(typeof(Cli.PlanProviders).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var cancel = new CancellationTokenSource(timeout);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // by its PID
            }
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
