using System.Text.RegularExpressions;

namespace Docket.Engine.Providers;

/// <summary>
/// The configured model providers (<c>Docket:Providers:&lt;name&gt;:…</c>) and the one prompt-driven
/// executions use when nothing else picks one (<c>Docket:Models:Default</c>). With no providers,
/// every execution runs on the built-in engine.
/// </summary>
public sealed partial class ModelProvidersOptions
{
    /// <summary>The value of <c>config.provider</c> (or of <c>Docket:Models:Default</c>) that means the built-in engine.</summary>
    public const string Builtin = "builtin";

    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.Ordinal);

    /// <summary>Provider for requests whose <c>model</c> names none; empty for the built-in engine.</summary>
    public string? Default { get; set; }

    /// <summary>ffmpeg, which samples video frames for vision models.</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>ffprobe, which reads a video's duration before sampling.</summary>
    public string Ffprobe { get; set; } = "ffprobe";

    /// <summary>
    /// Every problem with the settings, including an API key variable that is named but unset in
    /// <paramref name="environment"/>; empty when they are usable.
    /// </summary>
    public IReadOnlyList<string> Problems(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, provider) in Providers)
        {
            if (!ValidName().IsMatch(name) || name == Builtin)
            {
                problems.Add($"Docket:Providers:{name}: a provider name is 1 to 64 lower-case letters, digits, '.', '_' or '-', and not '{Builtin}'.");
            }

            problems.AddRange(provider.Problems(name));
            if (!string.IsNullOrEmpty(provider.ApiKeyVariable) && string.IsNullOrEmpty(environment(provider.ApiKeyVariable)))
            {
                problems.Add($"Docket:Providers:{name}:ApiKeyVariable names the environment variable {provider.ApiKeyVariable}, which is not set.");
            }

            foreach (var alias in provider.Aliases.Append(name))
            {
                if (aliases.TryGetValue(alias, out var other) && other != name)
                {
                    problems.Add($"The model name '{alias}' routes to both provider '{other}' and provider '{name}'.");
                }

                aliases[alias] = name;
            }
        }

        if (!string.IsNullOrEmpty(Default) && Default != Builtin && !Providers.ContainsKey(Default))
        {
            problems.Add($"Docket:Models:Default names provider '{Default}', which is not configured under Docket:Providers.");
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
