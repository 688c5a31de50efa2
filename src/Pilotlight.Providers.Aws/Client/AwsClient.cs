using Amazon.Runtime;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// Sends serialised AWS requests: picks the endpoint for the call's region, signs each attempt with SigV4, retries
/// throttling, 5xx and connection failures with bounded backoff, and turns AWS errors into one-line <see cref="AwsException"/>s.
/// Never logs or reports credentials, signatures or the Authorization header.
/// </summary>
internal sealed class AwsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Func<CancellationToken, Task<ImmutableCredentials>> _credentials;
    private readonly TimeProvider _time;

    private readonly string _userAgent;

    public AwsClient(AwsEndpoints endpoints, Func<CancellationToken, Task<ImmutableCredentials>> credentials, TimeProvider time, AwsRetryPolicy? retry = null, HttpClient? http = null, string? userAgent = null)
    {
        _userAgent = userAgent ?? UserAgent;
        Endpoints = endpoints;
        _credentials = credentials;
        _time = time;
        Retry = retry ?? new AwsRetryPolicy();
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public AwsEndpoints Endpoints { get; }

    public AwsRetryPolicy Retry { get; }

    /// <summary>A client configured as the AWS CLI would be: the process environment, the SDK's credential chain, the system clock.</summary>
    public static AwsClient FromEnvironment() =>
        new(AwsEndpoints.FromEnvironment(), AwsCredentialChain.Default(Environment.GetEnvironmentVariable), TimeProvider.System);

    /// <summary>Sends <paramref name="request"/> to its service in <paramref name="region"/> (null: AWS_REGION) and returns the successful response.</summary>
    public async Task<AwsResponse> SendAsync(AwsRequest request, string? region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var callRegion = Endpoints.Region(region);
        var target = AwsEndpoints.Address(Endpoints.Resolve(request.Service, callRegion), request);
        var credentials = await _credentials(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var failure = await AttemptAsync(request, callRegion, target, credentials, cancellationToken);
            if (failure.Response is { } response)
            {
                return response;
            }

            var error = failure.Error!;
            if (attempt >= Retry.MaxAttempts || !failure.Retryable)
            {
                throw error;
            }

            await Task.Delay(Retry.DelayAfter(attempt), _time, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<Attempt> AttemptAsync(AwsRequest request, string region, SignedTarget target, ImmutableCredentials credentials, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target.Url);
        // A GET carries no content (and so no Content-Length: 0); every header the signer returns goes on the message or its content.
        var content = request.Body.IsEmpty && request.Method == "GET" ? null : new ByteArrayContent([.. request.Body]);
        content?.Headers.Clear();
        message.Content = content;
        foreach (var (name, value) in SigV4.Sign(target, request, credentials, _time.GetUtcNow()))
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        // Not signed: what CloudTrail shows as the userAgent of every change Pilotlight makes.
        message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        try
        {
            using var response = await _http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                // Every answer of the operations Pilotlight sends has a body in the service's format: an empty or
                // unreadable one is a connection cut short or a proxy in the way, failed (and retried) like one.
                return Unreadable(request.Service.Protocol, body) is { } why
                    ? new Attempt(null, new AwsException(request.Service.Name, request.Operation, region, status, body.Length == 0 ? "EmptyResponse" : "MalformedResponse", $"{target.Url.Host}:{target.Url.Port} answered {status} with {why}"), true)
                    : new Attempt(new AwsResponse(status, body), null, false);
            }

            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            var (code, text) = AwsErrors.Parse(request.Service.Protocol, status, body, errorType);
            return new Attempt(null, new AwsException(request.Service.Name, request.Operation, region, status, code, text), AwsErrors.IsRetryable(status, code));
        }
        catch (HttpRequestException e)
        {
            return new Attempt(null, new AwsException(request.Service.Name, request.Operation, region, 0, "ConnectionFailed", $"{target.Url.Host}:{target.Url.Port}: {e.Message}", e), true);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, new AwsException(request.Service.Name, request.Operation, region, 0, "Timeout", $"no answer from {target.Url.Host} within {_http.Timeout.TotalSeconds:0}s", e), true);
        }
    }

    /// <summary>Why a successful answer's body cannot be read in <paramref name="protocol"/>'s format; null when it can.</summary>
    private static string? Unreadable(AwsProtocol protocol, string body)
    {
        if (body.Length == 0)
        {
            return "no body";
        }

        try
        {
            if (protocol == AwsProtocol.Json)
            {
                using var _ = System.Text.Json.JsonDocument.Parse(body);
            }
            else
            {
                _ = System.Xml.Linq.XDocument.Parse(body);
            }

            return null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException)
        {
            return $"a body that is not {(protocol == AwsProtocol.Json ? "JSON" : "XML")}";
        }
    }

    /// <summary><c>pilotlight/VERSION</c>: every request Pilotlight sends says it is Pilotlight's.</summary>
    public static readonly string UserAgent = $"pilotlight/{typeof(AwsClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    private sealed record Attempt(AwsResponse? Response, AwsException? Error, bool Retryable);
}
