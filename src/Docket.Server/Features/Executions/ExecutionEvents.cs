using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Common;
using Docket.Executions;
using Docket.Queue;
using Docket.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Executions;

/// <summary>
/// Server-Sent Events: one <c>status</c> event per recorded status change (from the execution's
/// history, so a slow reader misses none), ending after the terminal one. Each event's data is
/// the execution as AgentExecutionResponse JSON; for a past state it shows that state. A comment
/// line every 15 s keeps proxies from closing an idle stream.
/// </summary>
internal static class ExecutionEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, HttpContext context, ExecutionStore executions, ExecutionEventStore history, ArtifactStore artifacts, ExecutionSignals signals, IOptions<QueueOptions> options, TimeProvider time)
    {
        var tenantId = context.TenantId();
        var cancellationToken = context.RequestAborted;
        var execution = Ids.IsValid(id) ? await executions.GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false) : null;
        if (execution is null)
        {
            await ProblemResults.WriteAsync(context, 404, "not_found", $"Execution '{id}' not found.").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        long lastSeq = 0;
        var lastWrite = time.GetUtcNow();
        try
        {
            while (true)
            {
                var changed = signals.NextChange(id);
                var events = await history.ListAsync(id, lastSeq, cancellationToken).ConfigureAwait(false);
                if (events.Count > 0)
                {
                    execution = await executions.GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
                    if (execution is null)
                    {
                        return;
                    }

                    var list = execution.Status == ExecutionStatus.Completed ? await artifacts.ListForExecutionAsync(tenantId, id, cancellationToken).ConfigureAwait(false) : null;
                    foreach (var change in events)
                    {
                        var json = ExecutionJson.Response(execution, list);
                        if (change.Seq != events[^1].Seq || change.Status != execution.Status)
                        {
                            AsPastState(json, change);
                        }

                        await response.WriteAsync($"id: {change.Seq}\nevent: status\ndata: {json.ToJsonString(Wire.Options)}\n\n", cancellationToken).ConfigureAwait(false);
                        lastSeq = change.Seq;
                        if (ExecutionStatus.IsTerminal(change.Status))
                        {
                            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                            return;
                        }
                    }

                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    lastWrite = time.GetUtcNow();
                }

                if (time.GetUtcNow() - lastWrite >= KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    lastWrite = time.GetUtcNow();
                }

                try
                {
                    await changed.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Look again: another process may have changed it.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>A state the execution has since left: not terminal, so no result, error or completion time.</summary>
    private static void AsPastState(JsonObject json, ExecutionEvent change)
    {
        json["status"] = change.Status;
        json["attempts"] = change.Attempt;
        json["response"] = null;
        json["completed_at"] = null;
        json["error"] = null;
        json["artifacts"] = new JsonArray();
        json["usage"] = ExecutionJson.EmptyUsageObject();
        if (change.Attempt == 0)
        {
            json["started_at"] = null;
        }
    }
}
