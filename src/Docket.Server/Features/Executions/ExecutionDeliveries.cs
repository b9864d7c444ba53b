using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Executions;
using Docket.Server.Hosting;
using Docket.Webhooks;

namespace Docket.Server.Features.Executions;

/// <summary>GET …/executions/{id}/deliveries: the webhook deliveries of an execution and their attempts.</summary>
internal static class ExecutionDeliveries
{
    public static async Task<IResult> ListAsync(string id, HttpContext context, ExecutionStore executions, WebhookStore webhooks)
    {
        var tenantId = context.TenantId();
        if (!Ids.IsValid(id) || await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var deliveries = await webhooks.ListForExecutionAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. deliveries.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["execution_id"] = d.ExecutionId,
            ["url"] = d.Url,
            ["status"] = d.Status,
            ["attempts"] = d.Attempts,
            ["last_status_code"] = d.LastStatusCode,
            ["last_error"] = d.LastError,
            ["created_at"] = Wire.Time(d.CreatedAt),
            ["delivered_at"] = Wire.Time(d.DeliveredAt),
            ["next_attempt_at"] = d.Status == WebhookDelivery.Pending ? Wire.Time(d.NextAttemptAt) : null,
            ["history"] = new JsonArray([.. d.History.Select(a => (JsonNode)new JsonObject
            {
                ["attempt"] = a.Attempt,
                ["started_at"] = Wire.Time(a.StartedAt),
                ["status_code"] = a.StatusCode,
                ["error"] = a.Error,
                ["duration_ms"] = a.DurationMs,
            })]),
        })]));
    }
}
