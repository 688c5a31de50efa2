using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>
/// Signs a raw request with Signature Version 4. The SDK's signer only signs its own request objects (and always adds
/// x-amz-content-sha256, which botocore sends to S3 only), so the canonical request is built here, as botocore builds it,
/// and the SDK computes the signing key and signature from it (<see cref="AWS4Signer.ComputeSignature(string, string, string, DateTime, string, string, string)"/>).
/// </summary>
internal static class SigV4
{
    // botocore never signs these: they may change on the way.
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase) { "user-agent", "expect", "x-amzn-trace-id", "authorization" };

    /// <summary>The headers to send, with X-Amz-Date, the session token and Authorization added.</summary>
    public static SortedDictionary<string, string> Sign(SignedTarget target, AwsRequest request, ImmutableCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var timestamp = now.UtcDateTime;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }

        headers["host"] = target.Url.IsDefaultPort ? target.Url.Host : $"{target.Url.Host}:{target.Url.Port}";
        headers["x-amz-date"] = timestamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signed = headers.Where(h => !Unsigned.Contains(h.Key)).ToList();
        var signedHeaders = string.Join(';', signed.Select(h => h.Key));
        var canonical = string.Join('\n',
            request.Method,
            CanonicalPath(target.Url.AbsolutePath),
            CanonicalQuery(request),
            string.Concat(signed.Select(h => $"{h.Key}:{CollapseSpaces(h.Value)}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData([.. request.Body])));
        var result = AWS4Signer.ComputeSignature(credentials.AccessKey, credentials.SecretKey, target.SigningRegion, timestamp, request.Service.SigningName, signedHeaders, canonical);
        headers["authorization"] = result.ForAuthorizationHeader;
        headers.Remove("host");
        return headers;
    }

    /// <summary>RFC 3986 percent-encoding as SigV4 wants it (and botocore's quote with safe '-_.~').</summary>
    public static string Encode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }

    // botocore quotes the already-encoded path again (safe '/~'), so '%' becomes '%25' in the canonical URI.
    private static string CanonicalPath(string path) => Encode(path.Length == 0 ? "/" : path, keepSlash: true);

    private static string CanonicalQuery(AwsRequest request) =>
        string.Join('&', request.Query
            .Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static string CollapseSpaces(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
