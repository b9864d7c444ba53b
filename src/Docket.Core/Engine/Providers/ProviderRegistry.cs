using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Providers;

/// <summary>
/// The providers this process knows and the rule that picks one for an execution:
/// <c>config.provider</c> first (an agent's config or the request's), then the request's
/// <c>model</c> matched against provider names and aliases, then <c>Docket:Models:Default</c>;
/// otherwise the built-in engine.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, ModelProvider> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelProvider> _byModel = new(StringComparer.OrdinalIgnoreCase);

    public ProviderRegistry(IOptions<ModelProvidersOptions> options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = options.Value;
        var problems = settings.Problems(environment);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(ModelProvidersOptions), typeof(ModelProvidersOptions), problems);
        }

        foreach (var (name, provider) in settings.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var resolved = new ModelProvider(name, provider, string.IsNullOrEmpty(provider.ApiKeyVariable) ? null : environment(provider.ApiKeyVariable));
            _byName[name] = resolved;
            foreach (var alias in provider.Aliases.Append(name))
            {
                _byModel[alias] = resolved;
            }
        }

        Default = string.IsNullOrEmpty(settings.Default) || settings.Default == ModelProvidersOptions.Builtin ? null : _byName[settings.Default];
    }

    /// <summary>All providers, by name.</summary>
    public IReadOnlyList<ModelProvider> All => [.. _byName.Values];

    /// <summary>The provider for requests that name none; null for the built-in engine.</summary>
    public ModelProvider? Default { get; }

    public bool TryGet(string name, out ModelProvider provider) => _byName.TryGetValue(name, out provider!);

    /// <summary>The provider whose agent name (<c>model/&lt;name&gt;</c>) this is.</summary>
    public ModelProvider? ForHandler(string handlerName) =>
        handlerName.StartsWith("model/", StringComparison.Ordinal) && _byName.TryGetValue(handlerName["model/".Length..], out var provider) ? provider : null;

    /// <summary>
    /// The provider an execution with this effective config and request <c>model</c> runs on, or
    /// null for the built-in engine; a problem when <c>config.provider</c> names none configured.
    /// </summary>
    public (ModelProvider? Provider, string? Problem) Route(JsonObject config, string? requestModel)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["provider"] is { } chosen)
        {
            if (chosen is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return (null, "'config.provider' must be a string: a configured provider's name or \"builtin\".");
            }

            var name = value.GetValue<string>();
            if (name == ModelProvidersOptions.Builtin)
            {
                return (null, null);
            }

            return _byName.TryGetValue(name, out var named)
                ? (named, null)
                : (null, $"'config.provider' names '{name}', which this server does not have; it has {Describe()}.");
        }

        if (requestModel is not null && _byModel.TryGetValue(requestModel, out var byModel))
        {
            return (byModel, null);
        }

        return (Default, null);
    }

    /// <summary>
    /// What <c>usage.message</c> says when a built-in agent got a prompt: the prompt went to no model,
    /// and why.
    /// </summary>
    public string BuiltinNote(string handlerName, string? requestModel) =>
        _byName.Count == 0
            ? $"No model provider is configured, so the built-in engine ran {handlerName}; it reads the inputs but does not follow free-form prompts."
            : $"No model provider serves this execution (request model '{requestModel ?? "none"}'; providers: {string.Join(", ", _byName.Keys)}), so the built-in engine ran {handlerName}; it does not follow free-form prompts.";

    private string Describe() => _byName.Count == 0 ? "no providers configured" : "the providers " + string.Join(", ", _byName.Keys) + " and \"builtin\"";
}
