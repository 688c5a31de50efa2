using System.Text.Json.Nodes;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>
/// Runs the pyenv python3 that ships botocore and boto3 (the AWS CLI's libraries) for the tests' ground truth and for
/// provisioning moto as a user's Terraform would. Missing tools fail the test with one line saying what to install.
/// </summary>
internal static class Python
{
    public const string Install = "install python3 with botocore and boto3 (pip install boto3 'moto[server]')";

    /// <summary>Runs <paramref name="script"/> (a file beside the tests, or code with -c) with <paramref name="input"/> on stdin; returns its stdout.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments, string input, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await CommandRunner.RunAsync("python3", arguments, TimeSpan.FromSeconds(30), cancellationToken, environment: environment, standardInput: input);
        if (result.ExitCode == 127 || result.Error.Contains("No module named", StringComparison.Ordinal) || result.ExitCode == 3)
        {
            Assert.Fail($"python3 with botocore is needed for this test: {Install} ({result.LastLine})");
        }

        result.Succeeded.ShouldBeTrue($"python3 {string.Join(' ', arguments.Take(1))} failed: {result.Error}");
        return result.Output;
    }

    /// <summary>Signs <paramref name="spec"/>'s cases with botocore (see botocore_sign.py); results by case id.</summary>
    public static async Task<Dictionary<string, JsonObject>> BotocoreAsync(JsonObject spec, CancellationToken cancellationToken)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Client", "botocore_sign.py");
        var output = await RunAsync([script], spec.ToJsonString(), cancellationToken);
        return JsonNode.Parse(output)!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => (string)r["id"]!, r => r);
    }
}
