using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// Credentials from AWSSDK.Core's default chain, as every AWS tool finds them: the environment (AWS_ACCESS_KEY_ID, ...),
/// web identity, AWS_PROFILE or "default" in the shared credentials and config files (SSO, assume-role, process), then
/// the ECS task or EC2 instance role. Missing credentials are one line, not the SDK's list of every provider's failure.
/// </summary>
internal static class AwsCredentialChain
{
    public static Func<CancellationToken, Task<ImmutableCredentials>> Default(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var resolver = new DefaultAWSCredentialsIdentityResolver();
        AWSCredentials? found = null;
        return async cancellationToken =>
        {
            try
            {
                // The chain is walked once; the credentials it finds refresh themselves (assume-role, SSO, instance role)
                // on GetCredentialsAsync. A failed walk is not remembered: the next call looks again.
                found ??= await resolver.ResolveIdentityAsync(null!, cancellationToken);
                return await found.GetCredentialsAsync();
            }
            catch (AmazonClientException e)
            {
                var profile = environment("AWS_PROFILE");
                throw new AwsConfigurationException(
                    profile is { Length: > 0 }
                        ? $"no AWS credentials: AWS_PROFILE is '{profile}' but no credentials could be loaded for it from ~/.aws/credentials or ~/.aws/config"
                        : "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile in ~/.aws/credentials, or run with an instance or task role",
                    e);
            }
        };
    }

    /// <summary>Fixed credentials (tests, or a caller that already has them).</summary>
    public static Func<CancellationToken, Task<ImmutableCredentials>> Fixed(ImmutableCredentials credentials) => _ => Task.FromResult(credentials);
}
