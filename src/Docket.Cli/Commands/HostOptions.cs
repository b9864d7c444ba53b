using System.CommandLine;
using System.Globalization;
using Docket.Server.Hosting;

namespace Docket.Cli.Commands;

/// <summary>The options every server-side command shares, with their environment fallbacks.</summary>
internal static class HostOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data directory: SQLite database, blobs, admin key (env DOCKET_DATA; default ./.docket).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCKET_DATA") is { Length: > 0 } d ? d : ".docket",
    };

    public static Option<string> Urls() => new("--urls")
    {
        Description = $"Address to listen on (env DOCKET_URLS; default {DocketHostSettings.DefaultUrl}). Use port 0 for any free port.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCKET_URLS") is { Length: > 0 } u ? u : DocketHostSettings.DefaultUrl,
    };

    public static Option<int?> Workers(string name = "--workers") => new(name)
    {
        Description = "Executions run at once in this process (env DOCKET_WORKERS; default: twice the number of cores, at least 4; 0 runs none).",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("DOCKET_WORKERS"), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : null,
    };

    /// <summary>Settings from the environment that map onto configuration keys.</summary>
    public static void ApplyEnvironment(DocketHostSettings settings)
    {
        if (Environment.GetEnvironmentVariable("DOCKET_ALLOW_PRIVATE_URLS") is { Length: > 0 } allow)
        {
            settings.Configuration["Docket:Inputs:AllowPrivateUrls"] = allow;
            settings.Configuration["Docket:Webhooks:AllowPrivateUrls"] = allow;
        }

        if (Environment.GetEnvironmentVariable("DOCKET_MAX_UPLOAD_BYTES") is { Length: > 0 } max)
        {
            settings.Configuration["Docket:Files:MaxUploadBytes"] = max;
        }

        // Any other setting: DOCKET_CONFIG__Queue__LeaseSeconds=5 sets Docket:Queue:LeaseSeconds.
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("DOCKET_CONFIG__", StringComparison.Ordinal))
            {
                settings.Configuration["Docket:" + key["DOCKET_CONFIG__".Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
            }
        }
    }
}
