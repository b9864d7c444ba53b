using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Cli.Commands;

/// <summary>
/// The options every client command takes (<c>--url</c>, <c>--api-key</c>, <c>--json</c>) and
/// where a connection comes from: flags, then the environment (<c>DOCKET_URL</c>,
/// <c>DOCKET_API_KEY</c>), then the config file (<c>~/.docket/config.json</c>, or the path in
/// <c>DOCKET_CONFIG</c>), then for the key the admin key a local <c>docket serve</c> wrote.
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8420";

    private ClientOptions()
    {
    }

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"Server address (env DOCKET_URL, else \"url\" in ~/.docket/config.json; default {DefaultUrl}).",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key (env DOCKET_API_KEY, else \"api_key\" in ~/.docket/config.json, else ./.docket/admin-key when it exists).",
        HelpName = "key",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout (for scripts); messages still go to stderr.",
        Recursive = true,
    };

    /// <summary>Adds the options to a command; being recursive, they reach all its subcommands.</summary>
    public static ClientOptions AddTo(Command command)
    {
        var options = new ClientOptions();
        command.Options.Add(options.Url);
        command.Options.Add(options.ApiKey);
        command.Options.Add(options.Json);
        return options;
    }

    /// <summary>The server's address and key, by precedence: flags, environment, config file, local admin key.</summary>
    public static ClientConnection Resolve(string? urlFlag, string? keyFlag, Func<string, string?> environment)
    {
        var configPath = Set(environment("DOCKET_CONFIG"))
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docket", "config.json");
        var config = ReadConfig(configPath);
        var url = Set(urlFlag) ?? Set(environment("DOCKET_URL")) ?? Set(config?["url"]) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"'{url}' is not an http(s) URL; give the server's address such as {DefaultUrl}.");
        }

        var key = Set(keyFlag) ?? Set(environment("DOCKET_API_KEY")) ?? Set(config?["api_key"]) ?? LocalAdminKey(environment);
        return new ClientConnection(url, key);
    }

    private static JsonObject? ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new UsageException($"The config file {path} must hold a JSON object such as {{\"url\": \"{DefaultUrl}\", \"api_key\": \"dk_…\"}}.");
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The config file {path} is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>The key <c>docket serve</c> wrote on first start, so a client right beside it needs no setup.</summary>
    private static string? LocalAdminKey(Func<string, string?> environment)
    {
        var path = Path.Combine(Set(environment("DOCKET_DATA")) ?? ".docket", "admin-key");
        return File.Exists(path) ? Set(File.ReadAllText(path)) : null;
    }

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Set(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? Set(s) : null;
}

/// <summary>Where a client command connects, and with which key (null: none found).</summary>
internal sealed record ClientConnection(string Url, string? ApiKey);
