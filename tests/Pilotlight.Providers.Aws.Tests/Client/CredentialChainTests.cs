using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Rds;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>AWSSDK.Core's default chain, as configured by the usual variables and files; missing credentials are one line.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class CredentialChainTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task EnvironmentVariables_UsedWithSessionToken()
    {
        using var _ = ProcessEnvironment.With(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "ASIAENVEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_SESSION_TOKEN"] = "token-from-env",
        });

        var credentials = await AwsCredentialChain.Default(Environment.GetEnvironmentVariable)(CancellationToken.None);

        (credentials.AccessKey, credentials.Token).ShouldBe(("ASIAENVEXAMPLE", "token-from-env"));
    }

    [Fact]
    public async Task AwsProfile_ReadFromSharedCredentialsFile()
    {
        using var _ = ProcessEnvironment.With(new Dictionary<string, string> { ["AWS_PROFILE"] = "pilot" });
        await File.WriteAllTextAsync(ProcessEnvironment.CredentialsFile, $"[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = {Secret}\n\n[pilot]\naws_access_key_id = AKIAPILOT\naws_secret_access_key = {Secret}\n");

        var credentials = await AwsCredentialChain.Default(Environment.GetEnvironmentVariable)(CancellationToken.None);

        credentials.AccessKey.ShouldBe("AKIAPILOT");
    }

    [Fact]
    public async Task NoCredentials_OneLineBeforeAnyRequest()
    {
        using var _ = ProcessEnvironment.With(new Dictionary<string, string>());
        using var client = new AwsClient(new AwsEndpoints(n => n == "AWS_ENDPOINT_URL" ? "http://127.0.0.1:1" : null), AwsCredentialChain.Default(Environment.GetEnvironmentVariable), TimeProvider.System);

        var error = await Should.ThrowAsync<AwsConfigurationException>(() => new RdsApi(client).DescribeDbInstancesAsync("eu-west-1", "shop-db", CancellationToken.None));

        error.Message.ShouldBe("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile in ~/.aws/credentials, or run with an instance or task role");
    }

    [Fact]
    public async Task UnknownProfile_Named()
    {
        using var _ = ProcessEnvironment.With(new Dictionary<string, string> { ["AWS_PROFILE"] = "nosuch" });
        await File.WriteAllTextAsync(ProcessEnvironment.CredentialsFile, $"[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = {Secret}\n");

        var error = await Should.ThrowAsync<AwsConfigurationException>(() => AwsCredentialChain.Default(Environment.GetEnvironmentVariable)(CancellationToken.None));

        error.Message.ShouldBe("no AWS credentials: AWS_PROFILE is 'nosuch' but no credentials could be loaded for it from ~/.aws/credentials or ~/.aws/config");
        error.Message.ShouldNotContain(Secret);
    }
}
