using Docket.Executions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Queue;

/// <summary>
/// The worker side of a process: one dispatcher claims executions while a slot is free and hands
/// each to its own task; a sweeper returns executions whose worker stopped heartbeating to the
/// queue. A single claimer per process keeps idle slots from stampeding the database on every
/// wake-up. A submit in this process may also hand a new execution straight to a free slot
/// (<see cref="TryReserve"/>), stored already claimed, when nothing else is queued.
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
    private CancellationToken _stopping = new(canceled: true);

    // The wake-up task that was current when a claim last found nothing eligible. While it is
    // still current nothing was queued since, so completions skip the claim they would otherwise
    // add to their transaction; the dispatcher's own claims and polls do not consult it.
    private Task? _emptyAsOf;

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
        var slots = new SemaphoreSlim(o.Workers, o.Workers);
        lock (_lock)
        {
            _stopping = stoppingToken;
            _slots = slots;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);

                // Take the wake-up task before looking, so work queued meanwhile is not missed.
                var queued = signals.NextQueued();
                var execution = await TryClaimAsync(queued, stoppingToken).ConfigureAwait(false);
                if (execution is not null)
                {
                    var task = RunAsync(Task.FromResult<ExecutionRecord?>(execution), slots, stoppingToken);
                    lock (_lock)
                    {
                        _running.Add(task);
                    }

                    continue;
                }

                // Nothing to run: the slot stays free (a submit may hand it an execution) while
                // the dispatcher waits for work or the next poll.
                slots.Release();
                await Task.WhenAny(queued, Task.Delay(TimeSpan.FromSeconds(o.PollSeconds), time, stoppingToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync waits for the running executions.
        }

        await sweeper.ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a free slot for an execution being submitted in this process, or returns null when
    /// every slot is busy or the pool is not running. The submit stores the execution with the
    /// slot's <see cref="WorkerSlot.Window"/> (see <see cref="ExecutionStore.InsertOrStartStatement"/>)
    /// and then either starts it here or, when it stayed pending, disposes the slot.
    /// </summary>
    public WorkerSlot? TryReserve()
    {
        lock (_lock)
        {
            // Checked under the lock StopAsync takes to collect the running tasks: a slot taken
            // before the pool began stopping is among them, none is taken after.
            if (_slots is not { } slots || _stopping.IsCancellationRequested || !slots.Wait(0))
            {
                return null;
            }

            var slot = new WorkerSlot(Window(_stopping)!);
            _running.Add(RunAsync(slot.Started, slots, _stopping));
            return slot;
        }
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

    private async Task<ExecutionRecord?> TryClaimAsync(Task queued, CancellationToken stoppingToken)
    {
        try
        {
            var execution = await queue.ClaimAsync(Window(stoppingToken)!, stoppingToken).ConfigureAwait(false);
            Volatile.Write(ref _emptyAsOf, execution is null ? queued : null);
            if (execution is not null)
            {
                signals.NotifyChanged(execution.Id);
            }

            return execution;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogClaimFailed(exception);
            return null;
        }
    }

    /// <summary>
    /// Runs the claimed execution (null: the slot was given back unused), then whatever its
    /// completion claimed next, until nothing is queued.
    /// </summary>
    private async Task RunAsync(Task<ExecutionRecord?> claimed, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        ExecutionRecord? current = null;
        try
        {
            current = await claimed.ConfigureAwait(false);
            await Task.Yield();
            Task? lookedAt = null;
            ClaimWindow? NextClaim()
            {
                var queued = signals.NextQueued();
                if (ReferenceEquals(queued, Volatile.Read(ref _emptyAsOf)))
                {
                    return null;
                }

                lookedAt = queued;
                return Window(stoppingToken);
            }

            while (current is not null)
            {
                lookedAt = null;
                current = await runner.RunAsync(current, _abandon.Token, NextClaim).ConfigureAwait(false);
                if (lookedAt is not null)
                {
                    Volatile.Write(ref _emptyAsOf, current is null ? lookedAt : null);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRunFailed(exception, current?.Id ?? "(none)");
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

/// <summary>
/// A worker slot reserved for an execution being submitted: <see cref="Start"/> runs the stored,
/// already claimed row; disposing without starting gives the slot back.
/// </summary>
public sealed class WorkerSlot(ClaimWindow window) : IDisposable
{
    private readonly TaskCompletionSource<ExecutionRecord?> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The claim to store the execution with: this slot's worker, now and the lease's end.</summary>
    public ClaimWindow Window { get; } = window;

    internal Task<ExecutionRecord?> Started => _started.Task;

    /// <summary>Runs <paramref name="execution"/>, stored as running under <see cref="Window"/>, in this slot.</summary>
    public void Start(ExecutionRecord execution) => _started.TrySetResult(execution);

    public void Dispose() => _started.TrySetResult(null);
}
