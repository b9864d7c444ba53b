using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Executions;

internal static class ExecutionJson
{
    private static readonly string EmptyUsage = new JsonObject
    {
        ["elements_processed"] = 0,
        ["element_type"] = null,
        ["credits_used"] = 0,
        ["steps"] = 0,
        ["duration_seconds"] = 0,
        ["message"] = null,
    }.ToJsonString();

    public static JsonObject EmptyUsageObject() => JsonNode.Parse(EmptyUsage)!.AsObject();

    /// <summary>
    /// AgentExecutionResponse: the SDKs need name (a string), usage (an object) and response (an
    /// object or null); the rest are our extensions.
    /// </summary>
    public static JsonObject Response(ExecutionRecord e, IReadOnlyList<ArtifactRecord>? artifacts)
    {
        var response = Wire.ParseStored(e.Response);
        var usage = Wire.ParseStored(e.Usage ?? EmptyUsage)!;

        // The SDKs drop our `error` field; usage.message is the one place they show a reason.
        if (e.Status == ExecutionStatus.Failed && usage is JsonObject u && u["message"] is null)
        {
            u["message"] = $"{e.ErrorCode}: {e.ErrorMessage}";
        }

        return new JsonObject
        {
            ["id"] = e.Id,
            ["name"] = e.Name,
            ["created_at"] = Wire.Time(e.CreatedAt),
            ["completed_at"] = Wire.Time(e.CompletedAt),
            ["response"] = response is JsonObject ? response : null,
            ["status"] = e.Status,
            ["usage"] = usage,
            ["started_at"] = Wire.Time(e.StartedAt),
            ["priority"] = Priorities.ToWire(e.Priority),
            ["attempts"] = e.Attempt,
            ["max_attempts"] = e.MaxAttempts,
            ["error"] = e.ErrorCode is null || e.Status == ExecutionStatus.Completed ? null : new JsonObject { ["code"] = e.ErrorCode, ["message"] = e.ErrorMessage },
            ["fingerprint"] = e.Fingerprint,
            ["cached"] = e.Cached,
            ["agent_id"] = e.AgentId,
            ["toolsets"] = Wire.ParseStored(e.Toolsets),
            ["artifacts"] = new JsonArray([.. (artifacts ?? []).Select(a => (JsonNode)new JsonObject
            {
                ["object_id"] = a.ObjectId,
                ["content_type"] = a.ContentType,
                ["bytes"] = a.Bytes,
            })]),
            ["metadata"] = Wire.ParseStored(e.Metadata),
            ["grounding"] = Wire.ParseStored(e.Grounding),
            ["model"] = e.Model,
        };
    }
}
