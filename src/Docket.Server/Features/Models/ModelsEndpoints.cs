using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Engine.Providers;
using Docket.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Models;

/// <summary>
/// Extensions for model-driven executions: the step log (<c>GET …/{id}/steps</c>), the recorded
/// model calls (<c>GET …/{id}/calls</c>) and replay against them (<c>POST …/{id}/replay</c>).
/// </summary>
internal static class ModelsEndpoints
{
    public static void MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agent/executions");
        group.MapGet("/{id}/steps", ListStepsAsync);
        group.MapGet("/{id}/calls", ListCallsAsync);
        group.MapPost("/{id}/replay", ReplayAsync);
    }

    private static async Task<IResult> ListStepsAsync(string id, HttpContext context, ExecutionStore executions, ModelCallStore calls)
    {
        if (!Ids.IsValid(id) || await executions.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var steps = await calls.ListStepsAsync(id, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject
        {
            ["attempt"] = s.Attempt,
            ["step"] = s.Step,
            ["kind"] = s.Kind,
            ["name"] = s.Name,
            ["status"] = s.Status,
            ["started_at"] = Wire.Time(s.StartedAt),
            ["duration_ms"] = s.DurationMs,
            ["detail"] = JsonNode.Parse(s.Detail),
        })]));
    }

    private static async Task<IResult> ListCallsAsync(string id, HttpContext context, ExecutionStore executions, ModelCallStore calls)
    {
        if (!Ids.IsValid(id) || await executions.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var recorded = await calls.ListCallsAsync(id, null, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. recorded.Select(c => (JsonNode)new JsonObject
        {
            ["attempt"] = c.Attempt,
            ["call"] = c.Call,
            ["provider"] = c.Provider,
            ["model"] = c.Model,
            ["started_at"] = Wire.Time(c.StartedAt),
            ["duration_ms"] = c.DurationMs,
            ["status_code"] = c.StatusCode,
            ["error"] = c.Error,
            ["request_sha256"] = c.RequestSha256,
            ["request"] = JsonNode.Parse(c.Request),
            ["response"] = Parse(c.Response),
        })]));
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext context, ExecutionReplayer replayer)
    {
        if (!Ids.IsValid(id))
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var (report, problem) = await replayer.ReplayAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        return Wire.Json(new JsonObject
        {
            ["execution_id"] = report!.ExecutionId,
            ["recording_id"] = report.RecordingId,
            ["identical"] = report.Identical,
            ["response_identical"] = report.ResponseIdentical,
            ["artifacts_identical"] = report.ArtifactsIdentical,
            ["calls_recorded"] = report.CallsRecorded,
            ["calls_replayed"] = report.CallsReplayed,
            ["differences"] = new JsonArray([.. report.Differences.Select(d => (JsonNode)d)]),
            ["request_mismatches"] = new JsonArray([.. report.RequestMismatches.Select(m => (JsonNode)m.DeepClone())]),
            ["error"] = report.ErrorCode is null ? null : new JsonObject { ["code"] = report.ErrorCode, ["message"] = report.ErrorMessage },
            ["response"] = report.Response?.DeepClone(),
        });
    }

    /// <summary>A recorded body is JSON when the provider sent JSON; anything else is shown as text.</summary>
    private static JsonNode? Parse(string? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(body);
        }
    }
}
