namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The real <c>pilotlight</c> process on the seed plan with no AWS credentials at all: every check says so, nothing crashes.</summary>
public sealed class NoCredentialsStatusTests
{
    [Fact]
    public async Task Status_AwsPlanWithoutCredentials_NotReady_EachCheckSaysSo_NeverAnInternalError()
    {
        var dir = Directory.CreateTempSubdirectory("pilotlight-aws-status-").FullName;
        File.WriteAllText(Path.Combine(dir, "pilotlight.yaml"), File.ReadAllText(SeedPlan.ExamplePath("aws.yaml")));
        var credentialsFile = Path.Combine(dir, "no-credentials");
        // A process of its own: the AWS SDK reads its environment and files once per process.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir };
        start.ArgumentList.Add(typeof(Cli.PlanProviders).Assembly.Location);
        start.ArgumentList.Add("status");
        foreach (var name in (string[])["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile;
        start.Environment["AWS_CONFIG_FILE"] = credentialsFile;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // by its PID
            }
        }

        process.ExitCode.ShouldBe(3, await error); // NOT READY
        var report = await output + await error;
        report.ShouldStartWith("NOT READY: site us cannot take over: ");
        foreach (var resource in (string[])["database", "objects", "compute", "traffic", "secrets"])
        {
            report.Split('\n').ShouldContain(l => l.StartsWith($"  NO  {resource}", StringComparison.Ordinal) && l.Contains("no AWS credentials: set AWS_ACCESS_KEY_ID", StringComparison.Ordinal), $"the {resource} check says why");
        }

        report.ShouldNotContain("internal error");
        Directory.Delete(dir, recursive: true);
    }
}
