using System.Net;
using Docket.Inputs;

namespace Docket.Tests.Inputs;

public sealed class UrlGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.127.255.255", "shared (CGNAT)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("192.0.0.8", "reserved")]
    [InlineData("198.18.0.1", "reserved")]
    public void Classify_SpecialIPv4_NamesItsRange(string address, string range) =>
        Assert.Equal(range, UrlGuard.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("223.255.255.255")]
    public void Classify_PublicIPv4_IsPublic(string address)
    {
        Assert.Null(UrlGuard.Classify(IPAddress.Parse(address)));
        Assert.True(UrlGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456:789a::1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fec0::1", "private")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("::8.8.8.8", "reserved")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:c0a8:0101::1", "private")]
    public void Classify_SpecialIPv6_NamesItsRange(string address, string range) =>
        Assert.Equal(range, UrlGuard.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("::ffff:172.20.0.1", "private")]
    [InlineData("::ffff:192.168.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("::ffff:100.64.0.1", "shared (CGNAT)")]
    [InlineData("::ffff:224.0.0.1", "multicast")]
    [InlineData("::ffff:7f00:1", "loopback")]
    public void Classify_IPv4MappedIPv6_IsJudgedByTheIPv4Address(string address, string range) =>
        Assert.Equal(range, UrlGuard.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:0808:0808::1")]
    [InlineData("fbff::1")]
    public void Classify_PublicIPv6_IsPublic(string address) =>
        Assert.Null(UrlGuard.Classify(IPAddress.Parse(address)));

    [Fact]
    public void WhyRefused_PrivateWithoutAllow_GivesTheRange()
    {
        var guard = new UrlGuard(allowPrivate: false);

        Assert.Equal("loopback", guard.WhyRefused(IPAddress.Loopback));
        Assert.False(guard.IsAllowed(IPAddress.Parse("192.168.0.10")));
        Assert.True(guard.IsAllowed(IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void IsAllowed_PrivateWithAllowPrivate_IsAllowed()
    {
        var guard = new UrlGuard(allowPrivate: true);

        Assert.True(guard.IsAllowed(IPAddress.Loopback));
        Assert.True(guard.IsAllowed(IPAddress.Parse("169.254.169.254")));
        Assert.True(guard.IsAllowed(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void IsAllowed_WithTestAllowList_AllowsExactlyThoseAddresses()
    {
        var guard = new UrlGuard(allowPrivate: true, new HashSet<IPAddress> { IPAddress.Loopback });

        Assert.True(guard.IsAllowed(IPAddress.Loopback));
        Assert.True(guard.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("127.0.0.2")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("8.8.8.8")));
    }

    [Theory]
    [InlineData("http://example.com/a", true)]
    [InlineData("https://example.com/a", true)]
    [InlineData("HTTPS://EXAMPLE.COM/a", true)]
    [InlineData("ftp://example.com/a", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("gopher://example.com/", false)]
    public void IsHttp_OnlyHttpAndHttps(string url, bool expected) =>
        Assert.Equal(expected, UrlGuard.IsHttp(new Uri(url)));

    [Fact]
    public void IsHttp_RelativeUrl_IsNot() =>
        Assert.False(UrlGuard.IsHttp(new Uri("/file/report.pdf", UriKind.Relative)));

    [Fact]
    public void Describe_DropsUserInfoAndQuery() =>
        Assert.Equal(
            "https://example.com/bucket/a.pdf",
            UrlGuard.Describe(new Uri("https://user:secret@example.com/bucket/a.pdf?X-Amz-Signature=abc")));
}
