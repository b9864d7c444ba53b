using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Executions;
using Docket.Feedback;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Feedback;

internal static class FeedbackEndpoints
{
    public static void MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/feedback/submit", SubmitAsync);
        app.MapPost("/v1/experimental/feedback/submit", SubmitAsync);
        app.MapGet("/v1/feedback/{id}", ListAsync);
        app.MapGet("/v1/experimental/feedback/{id}", ListAsync);
    }

    /// <summary>A prediction of the older API is an execution, so its id is accepted as either id.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext context, FeedbackStore feedback, ExecutionStore executions)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var requestId = Wire.OptionalString(body!, "request_id");
        var executionId = Wire.OptionalString(body!, "agent_execution_id");
        if (requestId is null && executionId is null)
        {
            return Problem.BadRequest("Give 'request_id' or 'agent_execution_id'.").ToResult();
        }

        if (body!["response"] is not (null or JsonObject))
        {
            return Problem.BadRequest("'response' must be an object.").ToResult();
        }

        var notes = body["notes"];
        if (notes is not null && notes.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return Problem.BadRequest("'notes' must be a string.").ToResult();
        }

        var tenantId = context.TenantId();
        foreach (var id in new[] { requestId, executionId }.OfType<string>().Distinct())
        {
            if (!Ids.IsValid(id) || await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) is null)
            {
                return ProblemResults.NotFound("Execution", id);
            }
        }

        // A request id is an execution id here (checked above), so either one names the execution.
        var record = await feedback.AddAsync(tenantId, requestId ?? executionId, executionId ?? requestId, body["response"]?.ToJsonString(), notes?.GetValue<string>(), context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonObject
        {
            ["id"] = record.Id,
            ["request_id"] = record.RequestId,
            ["agent_execution_id"] = record.AgentExecutionId,
            ["created_at"] = Wire.Time(record.CreatedAt),

            // The older clients' FeedbackSubmitResponse echoes the label it was given.
            ["response"] = Wire.ParseStored(record.Response),
        });
    }

    private static async Task<IResult> ListAsync(string id, HttpContext context, FeedbackStore feedback, ExecutionStore executions)
    {
        var tenantId = context.TenantId();
        if (!Ids.IsValid(id) || await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 10;
        var offset = int.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? Math.Max(0, o) : 0;
        var items = await feedback.ListAsync(tenantId, id, offset, limit, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonObject
        {
            ["request_id"] = id,
            ["agent_execution_id"] = items.Select(f => f.AgentExecutionId).FirstOrDefault(e => e is not null) ?? id,
            ["items"] = new JsonArray([.. items.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id,
                ["created_at"] = Wire.Time(f.CreatedAt),
                ["response"] = Wire.ParseStored(f.Response),
                ["notes"] = f.Notes,
            })]),
        });
    }
}
