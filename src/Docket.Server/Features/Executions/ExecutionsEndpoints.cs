using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Common;
using Docket.Executions;
using Docket.Queue;
using Docket.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Executions;

internal static class ExecutionsEndpoints
{
    private const double MaxWaitSeconds = 60;

    public static void MapExecutions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/agent/execute", ExecuteAsync);
        var group = app.MapGroup("/v1/agent/executions");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        group.MapGet("/{id}/events", ExecutionEvents.StreamAsync);
        group.MapGet("/{id}/deliveries", ExecutionDeliveries.ListAsync);
    }

    private static async Task<IResult> ExecuteAsync(HttpContext context, ExecutionSubmitter submitter, ArtifactStore artifacts)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var (execution, submitProblem) = await submitter.SubmitAsync(context.TenantId(), body!, key.Length == 0 ? null : key, context.RequestAborted).ConfigureAwait(false);
        if (submitProblem is not null)
        {
            return submitProblem.ToResult();
        }

        var list = execution!.Status == ExecutionStatus.Completed ? await artifacts.ListForExecutionAsync(execution.TenantId, execution.Id, context.RequestAborted).ConfigureAwait(false) : null;
        return Wire.Json(ExecutionJson.Response(execution, list), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ExecutionStore executions)
    {
        var request = context.Request;
        var (skip, limit, problem) = Wire.Paging(request);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var status = request.Query["status"].ToString();
        if (status.Length > 0 && !ExecutionStatus.All.Contains(status))
        {
            return Problem.BadRequest($"'status' must be one of {string.Join(", ", ExecutionStatus.All)}.").ToResult();
        }

        long? after = null;
        long? before = null;
        foreach (var (param, assign) in new (string, Action<long>)[] { ("created_after", v => after = v), ("created_before", v => before = v) })
        {
            var text = request.Query[param].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Problem.BadRequest($"'{param}' must be an ISO-8601 timestamp.").ToResult();
            }

            assign(at.ToUnixTimeMilliseconds());
        }

        // Keyset paging (an extension): the page after this execution, as cheap on page 2,000 as on page 1.
        var cursor = request.Query["starting_after"].ToString();
        if (cursor.Length > 0 && (!Ids.IsValid(cursor) || await executions.GetAsync(context.TenantId(), cursor, context.RequestAborted).ConfigureAwait(false) is null))
        {
            return Problem.BadRequest($"'starting_after' must be the id of one of your executions; '{cursor}' is not.").ToResult();
        }

        var name = request.Query["name"].ToString();
        var filter = new ExecutionFilter(skip, limit, status.Length == 0 ? null : status, name.Length == 0 ? null : name, after, before, cursor.Length == 0 ? null : cursor);
        var list = await executions.ListAsync(context.TenantId(), filter, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. list.Select(e => (JsonNode)ExecutionJson.Response(e, null))]));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, ExecutionStore executions, ArtifactStore artifacts, ExecutionSignals signals, IOptions<QueueOptions> options, TimeProvider time)
    {
        if (!Ids.IsValid(id))
        {
            return ProblemResults.NotFound("Execution", id);
        }

        double wait = 0;
        var waitText = context.Request.Query["wait"].ToString();
        if (waitText.Length > 0 && (!double.TryParse(waitText, NumberStyles.Float, CultureInfo.InvariantCulture, out wait) || wait < 0 || double.IsNaN(wait)))
        {
            return Problem.BadRequest("'wait' must be a number of seconds from 0 to 60.").ToResult();
        }

        var tenantId = context.TenantId();
        var deadline = time.GetUtcNow().AddSeconds(Math.Min(wait, MaxWaitSeconds));
        while (true)
        {
            var changed = signals.NextChange(id);
            var execution = await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false);
            if (execution is null)
            {
                return ProblemResults.NotFound("Execution", id);
            }

            var remaining = deadline - time.GetUtcNow();
            if (ExecutionStatus.IsTerminal(execution.Status) || remaining <= TimeSpan.Zero)
            {
                var list = execution.Status == ExecutionStatus.Completed ? await artifacts.ListForExecutionAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) : null;
                return Wire.Json(ExecutionJson.Response(execution, list));
            }

            // Woken at once by a change in this process; the poll catches other processes' changes.
            var poll = TimeSpan.FromSeconds(Math.Min(options.Value.PollSeconds, remaining.TotalSeconds));
            try
            {
                await changed.WaitAsync(poll, time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
        }
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, ExecutionStore executions, ExecutionSignals signals, TimeProvider time)
    {
        var tenantId = context.TenantId();
        var execution = Ids.IsValid(id) ? await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) : null;
        if (execution is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        if (!await executions.CancelAsync(tenantId, id, time.GetUtcNow().ToUnixTimeMilliseconds(), context.RequestAborted).ConfigureAwait(false))
        {
            var current = await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false);
            return Problem.Conflict($"Execution '{id}' is already {current?.Status ?? execution.Status}; only pending or running executions can be cancelled.", "not_cancellable").ToResult();
        }

        signals.Cancel(id);
        signals.NotifyChanged(id);
        var cancelled = await executions.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(ExecutionJson.Response(cancelled!, null));
    }
}
