namespace Docket.Server.Hosting;

/// <summary>What <c>docket serve</c> and <c>docket worker</c> are started with; flags and environment fill it.</summary>
public sealed class DocketHostSettings
{
    public const string DefaultUrl = "http://127.0.0.1:8420";

    public string Urls { get; set; } = DefaultUrl;

    /// <summary>The data directory: SQLite database, blobs and the admin key file.</summary>
    public string DataDirectory { get; set; } = ".docket";

    /// <summary>Worker slots in this process; null keeps the configured default, 0 runs none.</summary>
    public int? Workers { get; set; }

    /// <summary>False for <c>docket worker</c>: no HTTP listener, workers only.</summary>
    public bool ServeHttp { get; set; } = true;

    /// <summary>Extra configuration (tests and benchmarks set queue timings here).</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>();
}
