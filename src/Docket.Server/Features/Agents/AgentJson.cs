using System.Text.Json.Nodes;
using Docket.Agents;
using Docket.Engine;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Agents;

internal static class AgentJson
{
    /// <summary>AgentInfo: name is name:version; description and prompt are never null.</summary>
    public static JsonObject Info(AgentRecord agent) => new()
    {
        ["id"] = agent.Id,
        ["name"] = agent.FullName,
        ["description"] = agent.Description,
        ["prompt"] = agent.Prompt,
        ["json_schema"] = agent.JsonSchema?.DeepClone(),
        ["json_sample"] = agent.JsonSchema is { } schema ? JsonSample.FromSchema(schema) : null,
        ["created_at"] = Wire.Time(agent.CreatedAt),
        ["updated_at"] = Wire.Time(agent.UpdatedAt),
        ["status"] = "completed",
        ["config"] = agent.Config.DeepClone(),
    };

    /// <summary>A built-in agent described in the same shape; its id is its name.</summary>
    public static JsonObject Info(IAgentHandler handler) => new()
    {
        ["id"] = handler.Name,
        ["name"] = handler.Name,
        ["description"] = handler.Description,
        ["prompt"] = string.Empty,
        ["json_schema"] = null,
        ["json_sample"] = null,
        ["created_at"] = Wire.Time(0),
        ["updated_at"] = Wire.Time(0),
        ["status"] = "completed",
        ["toolsets"] = new JsonArray([.. handler.Toolsets.Select(t => (JsonNode)t)]),
    };

    public static JsonObject Created(AgentRecord agent) => new()
    {
        ["id"] = agent.Id,
        ["name"] = agent.FullName,
        ["created_at"] = Wire.Time(agent.CreatedAt),
        ["updated_at"] = Wire.Time(agent.UpdatedAt),
        ["status"] = "completed",
    };
}
