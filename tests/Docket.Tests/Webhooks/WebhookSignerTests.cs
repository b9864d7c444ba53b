using System.Security.Cryptography;
using System.Text;
using Docket.Webhooks;

namespace Docket.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void Sign_KnownVector_MatchesPublishedHmac() =>
        Assert.Equal(
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            WebhookSigner.Sign("key", "The quick brown fox jumps over the lazy dog"u8));

    [Fact]
    public void Sign_AnyBody_IsLowercaseHexHmacOfTheRawBytes()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"exec_1\",\"status\":\"completed\",\"name\":\"ünïcode\"}");

        var signature = WebhookSigner.Sign("whsec_tenant", body);

        var expected = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_tenant"), body)).ToLowerInvariant();
        Assert.Equal("sha256=" + expected, signature);
    }

    [Fact]
    public void Sign_DifferentSecret_GivesDifferentSignature() =>
        Assert.NotEqual(WebhookSigner.Sign("a", "{}"u8), WebhookSigner.Sign("b", "{}"u8));
}
