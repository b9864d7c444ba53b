using System.Security.Cryptography;
using System.Text;

namespace Docket.Webhooks;

/// <summary>
/// Signs webhook bodies the way the VLM Run SDKs verify them: an HMAC-SHA256 of the raw bytes
/// keyed with the tenant's webhook secret, so a receiver can tell the call came from us.
/// </summary>
public static class WebhookSigner
{
    public const string HeaderName = "X-VLMRun-Signature";

    /// <summary>Returns <c>sha256=</c> followed by the lowercase hex HMAC-SHA256 of <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, mac);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
