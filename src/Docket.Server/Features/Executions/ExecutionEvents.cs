using Docket.Artifacts;
using Docket.Common;
using Docket.Executions;
using Docket.Queue;
using Docket.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Executions;

/// <summary>
/// Server-Sent Events: the execution as it is now, then one <c>status</c> event per change, ending
/// after a terminal one. A comment line every 15 s keeps proxies from closing an idle stream.
/// </summary>
internal static class ExecutionEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, HttpContext context, ExecutionStore executions, ArtifactStore artifacts, ExecutionSignals signals, IOptions<QueueOptions> options, TimeProvider time)
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
        string? lastSent = null;
        var lastWrite = time.GetUtcNow();
        try
        {
            while (true)
            {
                var changed = signals.NextChange(id);
                execution = await executions.GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
                if (execution is null)
                {
                    return;
                }

                var state = $"{execution.Status}/{execution.Attempt}/{execution.ErrorCode}";
                if (state != lastSent)
                {
                    var list = execution.Status == ExecutionStatus.Completed ? await artifacts.ListForExecutionAsync(tenantId, id, cancellationToken).ConfigureAwait(false) : null;
                    var json = ExecutionJson.Response(execution, list).ToJsonString(Wire.Options);
                    await response.WriteAsync($"id: {execution.Attempt}-{execution.Status}\nevent: status\ndata: {json}\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    lastSent = state;
                    lastWrite = time.GetUtcNow();
                }

                if (ExecutionStatus.IsTerminal(execution.Status))
                {
                    return;
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
}
