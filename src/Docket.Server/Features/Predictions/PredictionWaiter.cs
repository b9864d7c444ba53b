using Docket.Executions;
using Docket.Queue;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Predictions;

/// <summary>Holds a synchronous generate call until its execution is terminal, within <see cref="PredictionOptions.SyncWaitSeconds"/>.</summary>
internal sealed class PredictionWaiter(ExecutionStore executions, ExecutionSignals signals, IOptions<QueueOptions> queue, IOptions<PredictionOptions> options, TimeProvider time)
{
    /// <returns>The execution once terminal, or as it is when the wait bound passes.</returns>
    public async Task<ExecutionRecord> WaitForEndAsync(ExecutionRecord execution, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().AddSeconds(options.Value.SyncWaitSeconds);
        while (true)
        {
            // Taken before the read, so a change between the read and the wait still wakes us.
            var changed = signals.NextChange(execution.Id);
            execution = await executions.GetAsync(execution.TenantId, execution.Id, cancellationToken).ConfigureAwait(false) ?? execution;
            var remaining = deadline - time.GetUtcNow();
            if (ExecutionStatus.IsTerminal(execution.Status) || remaining <= TimeSpan.Zero)
            {
                return execution;
            }

            // A change in this process wakes us at once; the poll sees workers in other processes.
            var poll = TimeSpan.FromSeconds(Math.Min(queue.Value.PollSeconds, remaining.TotalSeconds));
            try
            {
                await changed.WaitAsync(poll, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
        }
    }
}
