using System.Text.Json.Nodes;

namespace Docket.Engine;

/// <summary>The handlers this process can run, by name, and the rule that picks one for a plain config.</summary>
public sealed class AgentCatalog
{
    public const string Parse = "document/parse";
    public const string Extract = "document/extract";

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
    public IAgentHandler? Route(JsonObject config, out string? unavailable)
    {
        unavailable = null;
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
