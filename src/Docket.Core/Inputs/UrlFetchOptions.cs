using System.Net;

namespace Docket.Inputs;

/// <summary>How URL inputs are downloaded; bound from configuration and checked at start-up.</summary>
public sealed class UrlFetchOptions
{
    /// <summary>Lets URLs reach private, loopback and link-local addresses (a trusted network only).</summary>
    public bool AllowPrivateUrls { get; set; }

    /// <summary>The largest download accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>The whole download, redirects and body included, must finish within this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public int MaxRedirects { get; set; } = 5;

    public string UserAgent { get; set; } = "Docket-Fetch/1";

    /// <summary>
    /// When set, exactly these addresses are allowed: lets tests forbid one loopback address
    /// while their servers run on another. Not bound from configuration (it is internal).
    /// </summary>
    internal IReadOnlySet<IPAddress>? AllowedAddressesForTesting { get; set; }
}
