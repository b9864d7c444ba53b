using System.CommandLine;
using System.Globalization;
using Docket.Blobs;
using Docket.Data;
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

    public static Option<string?> Database() => new("--database")
    {
        Description = "Metadata and queue store: postgres://user:password@host:port/database for a PostgreSQL shared by many nodes (env DOCKET_DATABASE; default: SQLite in the data directory).",
        HelpName = "url",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCKET_DATABASE") is { Length: > 0 } d ? d : null,
    };

    public static Option<string?> Blobs() => new("--blobs")
    {
        Description = "File and artifact store: s3://bucket[/prefix]?endpoint=http://host:port for an S3-compatible bucket (env DOCKET_BLOBS; default: <data>/blobs).",
        HelpName = "url",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCKET_BLOBS") is { Length: > 0 } b ? b : null,
    };

    /// <summary>Puts the store URLs into the configuration; false (the reason on stderr) when one is malformed.</summary>
    public static bool TryApplyStores(DocketHostSettings settings, string? database, string? blobs)
    {
        try
        {
            new DatabaseOptions { Url = database }.Validate();
            new BlobOptions { Url = blobs }.Validate();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine(exception.Message.Split(" (Parameter", 2)[0]);
            return false;
        }

        if (database is not null)
        {
            settings.Configuration["Docket:Database:Url"] = database;
        }

        if (blobs is not null)
        {
            settings.Configuration["Docket:Blobs:Url"] = blobs;
        }

        return true;
    }

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
