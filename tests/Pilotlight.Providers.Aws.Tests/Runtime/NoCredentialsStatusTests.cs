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
        var run = await EndToEnd.CliProcess.RunAsync(dir, new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile,
            ["AWS_CONFIG_FILE"] = credentialsFile,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
        }, TimeSpan.FromSeconds(60), "status");

        run.ExitCode.ShouldBe(3, run.Error); // NOT READY
        var report = run.All;
        report.ShouldStartWith("NOT READY: site us cannot take over: ");
        foreach (var resource in (string[])["database", "objects", "compute", "traffic", "secrets"])
        {
            report.Split('\n').ShouldContain(l => l.StartsWith($"  NO  {resource}", StringComparison.Ordinal) && l.Contains("no AWS credentials: set AWS_ACCESS_KEY_ID", StringComparison.Ordinal), $"the {resource} check says why");
        }

        report.ShouldNotContain("internal error");
        Directory.Delete(dir, recursive: true);
    }
}
