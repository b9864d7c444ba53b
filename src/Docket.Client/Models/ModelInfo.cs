namespace Docket.Client;

/// <summary>
/// One row of <c>GET /v1/models</c>: a model name clients can send and a domain it runs. Docket adds
/// what is behind the name: the built-in engine or a configured OpenAI-compatible provider.
/// </summary>
public sealed record ModelInfo
{
    /// <summary>The name to send as a request's <c>model</c> (or <c>config.provider</c> for a provider).</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>A domain (<c>document.invoice</c>, …) the model can run.</summary>
    public string Domain { get; init; } = string.Empty;

    /// <summary><c>builtin</c> or <c>openai-compatible/1</c>.</summary>
    public string? Engine { get; init; }

    /// <summary>True for the engine that runs requests whose model names no provider.</summary>
    public bool Default { get; init; }

    /// <summary>The provider's name; null for the built-in engine.</summary>
    public string? Provider { get; init; }

    /// <summary>The model id the provider is asked for.</summary>
    public string? ProviderModel { get; init; }

    /// <summary>The provider's API root.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The environment variable the provider's API key comes from (the key itself is never shown).</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Of <c>vision</c>, <c>tools</c>, <c>json_schema</c>: what the provider can do.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>Request model names that route to this provider.</summary>
    public IReadOnlyList<string>? Aliases { get; init; }

    /// <summary>Rounds of tool calls a model may make.</summary>
    public int? MaxToolSteps { get; init; }
}
