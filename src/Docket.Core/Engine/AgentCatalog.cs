using System.Text.Json.Nodes;

namespace Docket.Engine;

/// <summary>The handlers this process can run, by name, and the rule that picks one for a plain config.</summary>
public sealed class AgentCatalog
{
    public const string Parse = "document/parse";
    public const string Extract = "document/extract";
    public const string Compare = "document/compare";

    private readonly Dictionary<string, IAgentHandler> _handlers;

    public AgentCatalog(IEnumerable<IAgentHandler> handlers)
    {
        _handlers = new Dictionary<string, IAgentHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            _handlers[handler.Name] = handler;
        }
    }

    public IEnumerable<IAgentHandler> All => _handlers.Values.OrderBy(h => h.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out IAgentHandler handler) => _handlers.TryGetValue(name, out handler!);

    /// <summary>
    /// The built-in engine's choice for a config that names no built-in agent: a response schema
    /// asks for schema-guided extraction, anything else for a generic parse.
    /// </summary>
    public IAgentHandler? Route(JsonObject config, out string? unavailable) => Route(config, 0, out unavailable);

    /// <summary>
    /// As <see cref="Route(JsonObject, out string?)"/>; besides, a prompt that asks to compare
    /// (<c>compar…</c>) two or more inputs without a schema runs document/compare when it is here.
    /// </summary>
    public IAgentHandler? Route(JsonObject config, int inputCount, out string? unavailable)
    {
        ArgumentNullException.ThrowIfNull(config);
        unavailable = null;
        if (config["json_schema"] is not JsonObject && inputCount >= 2
            && config["prompt"] is JsonValue prompt && prompt.GetValueKind() == System.Text.Json.JsonValueKind.String
            && prompt.GetValue<string>().Contains("compar", StringComparison.OrdinalIgnoreCase)
            && _handlers.TryGetValue(Compare, out var compare))
        {
            return compare;
        }

        var name = config["json_schema"] is JsonObject ? Extract : Parse;
        if (_handlers.TryGetValue(name, out var handler))
        {
            return handler;
        }

        unavailable = name == Extract
            ? "This server has no engine that can fill a json_schema (document/extract is not available)."
            : $"This server has no '{name}' agent.";
        return null;
    }
}
