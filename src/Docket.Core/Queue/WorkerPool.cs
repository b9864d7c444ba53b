using Docket.Executions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Queue;

/// <summary>
/// The worker side of a process: one dispatcher claims executions while a slot is free and hands
/// each to its own task; a sweeper returns executions whose worker stopped heartbeating to the
/// queue. A single claimer per process keeps idle slots from stampeding the database on every
/// wake-up.
/// </summary>
public sealed partial class WorkerPool(
    ExecutionQueue queue,
    ExecutionRunner runner,
    ExecutionSignals signals,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkerPool> logger) : BackgroundService
{
    private readonly string _workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    private readonly CancellationTokenSource _abandon = new();
    private readonly HashSet<Task> _running = [];
    private readonly Lock _lock = new();

    // Outlives ExecuteAsync: executions still running after the dispatcher stopped release it.
    private SemaphoreSlim? _slots;

    public string WorkerId => _workerId;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop claiming first, then give running executions the grace period before their
        // leases are handed back.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        var grace = Task.Delay(TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds), time, CancellationToken.None);
        if (await Task.WhenAny(Task.WhenAll(running), grace).ConfigureAwait(false) == grace)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        _slots?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Workers == 0)
        {
            return;
        }

        var sweeper = SweepAsync(stoppingToken);
        var slots = _slots = new SemaphoreSlim(o.Workers, o.Workers);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var execution = await ClaimNextAsync(stoppingToken).ConfigureAwait(false);
                var task = RunAsync(execution, slots, stoppingToken);
                lock (_lock)
                {
                    _running.Add(task);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync waits for the running executions.
        }

        await sweeper.ConfigureAwait(false);
    }

    /// <summary>The claim parameters as of now; null once the pool is stopping.</summary>
    private ClaimWindow? Window(CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        var o = options.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new ClaimWindow(_workerId, now, now - (long)(o.AgingSeconds * 1000), now + (long)(o.LeaseSeconds * 1000));
    }

    private async Task<ExecutionRecord> ClaimNextAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (true)
        {
            // Take the wake-up task before looking, so work queued meanwhile is not missed.
            var queued = signals.NextQueued();
            try
            {
                var execution = await queue.ClaimAsync(Window(stoppingToken)!, stoppingToken).ConfigureAwait(false);
                if (execution is not null)
                {
                    signals.NotifyChanged(execution.Id);
                    return execution;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogClaimFailed(exception);
            }

            await Task.WhenAny(queued, Task.Delay(TimeSpan.FromSeconds(o.PollSeconds), time, stoppingToken)).ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Runs the execution, then whatever its completion claimed next, until nothing is queued.</summary>
    private async Task RunAsync(ExecutionRecord execution, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        ExecutionRecord? current = execution;
        try
        {
            await Task.Yield();
            while (current is not null)
            {
                current = await runner.RunAsync(current, _abandon.Token, () => Window(stoppingToken)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRunFailed(exception, current?.Id ?? execution.Id);
        }
        finally
        {
            slots.Release();
            lock (_lock)
            {
                _running.RemoveWhere(t => t.IsCompleted);
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, Math.Min(options.Value.LeaseSeconds / 2, 5)));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var changed = await queue.ExpireLeasesAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
                    foreach (var id in changed)
                    {
                        LogLeaseExpired(id);
                        signals.NotifyChanged(id);
                    }

                    if (changed.Count > 0)
                    {
                        signals.NotifyQueued();
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSweepFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming the next execution failed")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Execution {ExecutionId} crashed its worker task")]
    private partial void LogRunFailed(Exception exception, string executionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of execution {ExecutionId} expired; it was queued again or failed")]
    private partial void LogLeaseExpired(string executionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping expired leases failed")]
    private partial void LogSweepFailed(Exception exception);
}
