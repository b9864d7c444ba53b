using System.Net;
using System.Net.Sockets;

namespace Docket.Inputs;

/// <summary>
/// Decides which addresses the server may contact on a user's behalf (URL inputs, webhooks,
/// the web toolset). Without it a caller could make the server read its own admin ports, a
/// cloud metadata endpoint (169.254.169.254) or anything else inside the private network.
/// </summary>
public sealed class UrlGuard
{
    private readonly IReadOnlySet<IPAddress>? _allowedForTesting;

    public UrlGuard(bool allowPrivate)
        : this(allowPrivate, null)
    {
    }

    /// <summary>
    /// With <paramref name="allowedForTesting"/> set, exactly those addresses are allowed and no
    /// others, whatever <paramref name="allowPrivate"/> says: tests run every server on loopback
    /// and still need a loopback address that counts as forbidden.
    /// </summary>
    internal UrlGuard(bool allowPrivate, IReadOnlySet<IPAddress>? allowedForTesting)
    {
        AllowPrivate = allowPrivate;
        _allowedForTesting = allowedForTesting;
    }

    public bool AllowPrivate { get; }

    /// <summary>Only plain web URLs: file:, ftp:, gopher: and friends reach places HTTP cannot.</summary>
    public static bool IsHttp(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
    }

    /// <summary>
    /// The URL as it may appear in an error: without user info or query, which often carry
    /// credentials (presigned URLs), since errors are stored and shown.
    /// </summary>
    internal static string Describe(Uri url) => url.IsAbsoluteUri
        ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : url.OriginalString;

    public bool IsAllowed(IPAddress address) => WhyRefused(address) is null;

    /// <summary>Null when the address may be contacted, else what kind of address it is.</summary>
    public string? WhyRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_allowedForTesting is not null)
        {
            var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return _allowedForTesting.Contains(address) || _allowedForTesting.Contains(plain)
                ? null
                : "not in the test allow-list";
        }

        return AllowPrivate ? null : Classify(address);
    }

    /// <summary>True for addresses on the public internet.</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) is null;

    /// <summary>Null for a public address, else the name of the special range it lies in.</summary>
    internal static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel; judge it by the address it carries.
            return Classify(address.MapToIPv4());
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length))
        {
            return "not an IP address";
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when length == 4 => ClassifyV4(bytes[..4]),
            AddressFamily.InterNetworkV6 when length == 16 => ClassifyV6(bytes),
            _ => "not an IP address",
        };
    }

    private static string? ClassifyV4(ReadOnlySpan<byte> b) => b[0] switch
    {
        // 0.0.0.0/8 is "this network"; connecting to 0.0.0.0 reaches the local host on Linux.
        0 => "unspecified",
        10 => "private",
        127 => "loopback",
        100 when (b[1] & 0xC0) == 64 => "shared (CGNAT)",
        169 when b[1] == 254 => "link-local",
        172 when (b[1] & 0xF0) == 16 => "private",
        192 when b[1] == 168 => "private",
        192 when b[1] == 0 && b[2] == 0 => "reserved",
        198 when (b[1] & 0xFE) == 18 => "reserved",
        >= 224 and <= 239 => "multicast",
        // 240.0.0.0/4 is reserved and holds the broadcast address 255.255.255.255.
        >= 240 => "reserved",
        _ => null,
    };

    private static string? ClassifyV6(ReadOnlySpan<byte> b)
    {
        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            // ::/96: the unspecified address, loopback, or a deprecated IPv4-compatible form
            // whose embedded address some stacks still route.
            return b[12..].IndexOfAnyExcept((byte)0) switch
            {
                < 0 => "unspecified",
                3 when b[15] == 1 => "loopback",
                _ => ClassifyV4(b[12..]) ?? "reserved",
            };
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
            return ClassifyV4(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            // 6to4 (2002::/16) tunnels to the IPv4 address in bytes 2..5.
            return ClassifyV4(b[2..6]);
        }

        return b[0] switch
        {
            0xFC or 0xFD => "private",
            0xFE when (b[1] & 0xC0) == 0x80 => "link-local",
            // fec0::/10 is the deprecated site-local range: private in all but name.
            0xFE when (b[1] & 0xC0) == 0xC0 => "private",
            0xFF => "multicast",
            _ => null,
        };
    }
}
