namespace Docket.Engine.Providers;

/// <summary>A configured provider with its API key resolved; the key lives only in memory.</summary>
public sealed class ModelProvider(string name, ProviderOptions options, string? apiKey)
{
    /// <summary>Engine identity of model-driven executions in fingerprints and listings.</summary>
    public const string EngineId = "openai-compatible/1";

    public string Name { get; } = name;

    public ProviderOptions Options { get; } = options;

    public string? ApiKey { get; } = apiKey;

    /// <summary>The agent name executions on this provider run as: <c>model/&lt;provider&gt;</c>.</summary>
    public string HandlerName => "model/" + Name;

    /// <summary><c>{BaseUrl}/chat/completions</c>, whether or not the base URL ends in a slash.</summary>
    public Uri ChatCompletionsUrl => new(Options.BaseUrl.TrimEnd('/') + "/chat/completions");

    /// <summary>The capabilities as the listing shows them.</summary>
    public IReadOnlyList<string> Capabilities =>
        [.. new[] { (Options.Vision, "vision"), (Options.Tools, "tools"), (Options.JsonSchema, "json_schema") }.Where(c => c.Item1).Select(c => c.Item2)];
}
