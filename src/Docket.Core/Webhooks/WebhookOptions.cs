using System.Net;

namespace Docket.Webhooks;

/// <summary>How webhook deliveries are made; bound from configuration and checked at start-up.</summary>
public sealed class WebhookOptions
{
    /// <summary>Lets callback URLs reach private, loopback and link-local addresses (a trusted network only).</summary>
    public bool AllowPrivateUrls { get; set; }

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery before it is given up (recorded as failed).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt; each later one doubles it (capped at an hour).</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// When set, exactly these addresses are allowed: lets tests forbid one loopback address
    /// while their receivers run on another. Not bound from configuration (it is internal).
    /// </summary>
    internal IReadOnlySet<IPAddress>? AllowedAddressesForTesting { get; set; }
}
