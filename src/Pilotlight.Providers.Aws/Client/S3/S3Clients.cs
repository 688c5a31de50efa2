using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Pilotlight.Providers.Aws.Client.S3;

/// <summary>
/// AWSSDK.S3 clients, one per region, configured as the rest of the AWS client is: the same credential chain, and
/// <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c> when set (then path-style addressing, as an emulator needs).
/// </summary>
internal sealed class S3Clients(AwsEndpoints endpoints, Func<CancellationToken, Task<ImmutableCredentials>> credentials) : IDisposable
{
    private readonly ConcurrentDictionary<string, AmazonS3Client> _clients = new(StringComparer.Ordinal);

    public static S3Clients FromEnvironment() => new(AwsEndpoints.FromEnvironment(), AwsCredentialChain.Default(Environment.GetEnvironmentVariable));

    public IAmazonS3 For(string region) => _clients.GetOrAdd(endpoints.Region(region), Create);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private AmazonS3Client Create(string region)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region), MaxErrorRetry = 3 };
        if (endpoints.Configured("S3", "s3") is { } url)
        {
            config.ServiceURL = url.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }

        return new AmazonS3Client(new ChainCredentials(credentials), config);
    }

    // The SDK asks for credentials on every request; the chain caches and refreshes them.
    private sealed class ChainCredentials(Func<CancellationToken, Task<ImmutableCredentials>> get) : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => get(CancellationToken.None).GetAwaiter().GetResult();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => get(CancellationToken.None);
    }
}
