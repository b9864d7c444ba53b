namespace Docket.Client;

/// <summary>
/// Where a <see cref="DocketClient"/> connects and how patient it is. Unset values come from the
/// environment: <c>DOCKET_URL</c> and <c>DOCKET_API_KEY</c>, else <c>VLMRUN_BASE_URL</c> and
/// <c>VLMRUN_API_KEY</c>, else <c>http://127.0.0.1:8420/v1</c> without a key.
/// </summary>
public sealed class DocketClientOptions
{
    /// <summary>The default server address, as <c>docket serve</c> listens.</summary>
    public const string DefaultBaseUrl = "http://127.0.0.1:8420/v1";

    /// <summary>
    /// The server's API root, such as <c>http://127.0.0.1:8420/v1</c>; the <c>/v1</c> suffix is
    /// optional and added when missing.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key sent as <c>Authorization: Bearer …</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long one HTTP attempt may take before it counts as failed (and is retried when that is
    /// safe). For downloads and event streams it covers the wait for the response headers; for
    /// uploads it is the longest pause in sending; a long-poll adds its own wait to it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a call is retried after a 429, a 5xx or a network error (default 5).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two attempts, a server's <c>Retry-After</c> included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The effective base address (always ending in <c>/v1/</c>) and key, with the environment's fallbacks applied.</summary>
    internal (Uri BaseAddress, string? ApiKey) Resolve(Func<string, string?> environment)
    {
        var url = FirstSet(BaseUrl, environment("DOCKET_URL"), environment("VLMRUN_BASE_URL")) ?? DefaultBaseUrl;
        var key = FirstSet(ApiKey, environment("DOCKET_API_KEY"), environment("VLMRUN_API_KEY"));
        return (NormalizeBaseUrl(url), key);
    }

    /// <summary>A copy, so that changing these options later does not change a client made with them.</summary>
    internal DocketClientOptions Snapshot() => (DocketClientOptions)MemberwiseClone();

    /// <summary>Throws when a setting is out of range.</summary>
    internal void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new InvalidOperationException($"DocketClientOptions.MaxRetries must not be negative (it is {MaxRetries}).");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException($"DocketClientOptions.Timeout must be positive or infinite (it is {Timeout}).");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("DocketClientOptions.RetryBaseDelay and MaxRetryDelay must not be negative.");
        }
    }

    /// <summary><c>http://host:8420</c>, <c>…/v1</c> and <c>…/v1/</c> all become <c>…/v1/</c>, so relative paths append.</summary>
    internal static Uri NormalizeBaseUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http(s) URL.", nameof(url));
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path += "/v1";
        }

        return new UriBuilder(uri) { Path = path + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
