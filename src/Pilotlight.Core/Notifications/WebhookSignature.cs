using System.Security.Cryptography;
using System.Text;

namespace Pilotlight.Core.Notifications;

/// <summary>
/// How a delivery is signed when the webhook has a secret: <c>X-Pilotlight-Signature: sha256=HEX</c>, the lowercase
/// hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the ASCII <c>X-Pilotlight-Timestamp</c> value (Unix
/// seconds), a dot, then the exact body bytes. The timestamp is signed so a receiver can refuse old replays.
/// </summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-Pilotlight-Event";
    public const string DeliveryHeader = "X-Pilotlight-Delivery";
    public const string TimestampHeader = "X-Pilotlight-Timestamp";
    public const string SignatureHeader = "X-Pilotlight-Signature";
    public const string Prefix = "sha256=";

    /// <summary>The header value: <c>sha256=</c> and the hex HMAC of <c>timestamp + "." + body</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, SignedMaterial(timestamp, body)));
    }

    /// <summary>Whether <paramref name="signature"/> is the one <paramref name="secret"/> gives; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private static byte[] SignedMaterial(string timestamp, ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetBytes(timestamp + ".");
        var material = new byte[head.Length + body.Length];
        head.CopyTo(material, 0);
        body.CopyTo(material.AsSpan(head.Length));
        return material;
    }
}
