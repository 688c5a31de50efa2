using System.Text.RegularExpressions;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// Where a service is reached in a region, the way the AWS CLI decides it: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true), then the service's
/// public endpoint. The region is the call's (each site has its own), else <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>.
/// </summary>
internal sealed partial class AwsEndpoints(Func<string, string?> environment)
{
    /// <summary>Reads the process environment.</summary>
    public static AwsEndpoints FromEnvironment() => new(Environment.GetEnvironmentVariable);

    /// <summary>The region a call goes to; throws <see cref="AwsConfigurationException"/> with one line when there is none or it is malformed.</summary>
    public string Region(string? region)
    {
        var chosen = Blank(region) ?? Blank(environment("AWS_REGION")) ?? Blank(environment("AWS_DEFAULT_REGION"))
            ?? throw new AwsConfigurationException("no AWS region: give the site a region or set AWS_REGION");
        return RegionPattern().IsMatch(chosen)
            ? chosen
            : throw new AwsConfigurationException($"'{chosen}' is not an AWS region; expected a name such as eu-west-1");
    }

    /// <summary>The base URL of <paramref name="service"/> for <paramref name="region"/> and the region to sign for.</summary>
    public SignedTarget Resolve(AwsService service, string region)
    {
        ArgumentNullException.ThrowIfNull(service);
        var signingRegion = service.Global?.SigningRegion ?? region;
        if (Configured(service.EndpointId, service.Name) is { } url)
        {
            return new SignedTarget(url, signingRegion);
        }

        if (service.Global is { } global)
        {
            return new SignedTarget(global.Endpoint, global.SigningRegion);
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new SignedTarget(new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}"), region);
    }

    /// <summary>The endpoint the environment configures for a service (<c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>), or null.</summary>
    public Uri? Configured(string endpointId, string serviceName)
    {
        var configured = IgnoreConfigured() ? null : Blank(environment($"AWS_ENDPOINT_URL_{endpointId}")) ?? Blank(environment("AWS_ENDPOINT_URL"));
        if (configured is null)
        {
            return null;
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new AwsConfigurationException($"the endpoint URL '{configured}' for {serviceName} is not an http(s) URL");
    }

    /// <summary>The full URL of one request at <paramref name="baseTarget"/>.</summary>
    public static SignedTarget Address(SignedTarget baseTarget, AwsRequest request)
    {
        ArgumentNullException.ThrowIfNull(baseTarget);
        ArgumentNullException.ThrowIfNull(request);
        var root = baseTarget.Url.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var query = request.Query.IsEmpty ? "" : "?" + string.Join('&', request.Query.Select(p => $"{SigV4.Encode(p.Key)}={SigV4.Encode(p.Value)}"));
        return baseTarget with { Url = new Uri(root + request.Path + query) };
    }

    private bool IgnoreConfigured() => string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
