using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Executions;
using Docket.Server.Features.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Predictions;

/// <summary>
/// PredictionResponse of the older API: <c>{id, created_at, completed_at, response, status,
/// usage, domain, message}</c>. A prediction is an execution seen through that API, so any
/// execution can be read as one.
/// </summary>
internal static class PredictionJson
{
    /// <summary>The metadata key a generate call records its domain under.</summary>
    public const string DomainKey = "domain";

    public static JsonObject Response(ExecutionRecord e)
    {
        // The execution's own wire form supplies usage exactly as the agent API reports it.
        var execution = ExecutionJson.Response(e, null);
        return new JsonObject
        {
            ["id"] = e.Id,
            ["created_at"] = Take(execution, "created_at"),
            ["completed_at"] = Take(execution, "completed_at"),
            ["response"] = Take(execution, "response"),
            ["status"] = e.Status,
            ["usage"] = Take(execution, "usage"),
            ["domain"] = Domain(e),
            ["message"] = e.Status == ExecutionStatus.Failed ? $"{e.ErrorCode}: {e.ErrorMessage}" : null,
        };
    }

    private static JsonNode? Take(JsonObject from, string key)
    {
        from.Remove(key, out var node);
        return node;
    }

    private static string? Domain(ExecutionRecord e) =>
        Wire.ParseStored(e.Metadata) is JsonObject metadata && metadata[DomainKey] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : null;
}
