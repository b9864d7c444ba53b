using System.Collections.Concurrent;

namespace Docket.Executions;

/// <summary>
/// In-process wake-ups: waiters on one execution (long-poll, SSE, client waits) and idle workers.
/// A change committed in this process wakes them at once; changes made by other processes are
/// seen by their periodic look at the database (or, on PostgreSQL, by LISTEN/NOTIFY feeding
/// <see cref="NotifyChanged"/>).
/// </summary>
public sealed class ExecutionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action> _cancelHandlers = new(StringComparer.Ordinal);
    private TaskCompletionSource _queued = NewSource();

    /// <summary>
    /// A task that completes at the next change of the execution. Take it before reading the
    /// execution's state, so a change between the read and the wait is not missed.
    /// </summary>
    public Task NextChange(string executionId) => _changes.GetOrAdd(executionId, _ => NewSource()).Task;

    public void NotifyChanged(string executionId)
    {
        if (_changes.TryRemove(executionId, out var source))
        {
            source.TrySetResult();
        }
    }

    /// <summary>A task that completes when new work is queued.</summary>
    public Task NextQueued() => Volatile.Read(ref _queued).Task;

    public void NotifyQueued() => Interlocked.Exchange(ref _queued, NewSource()).TrySetResult();

    /// <summary>Registers how to stop a running execution of this process when it is cancelled.</summary>
    public IDisposable OnCancel(string executionId, Action cancel)
    {
        _cancelHandlers[executionId] = cancel;
        return new Registration(() => _cancelHandlers.TryRemove(executionId, out _));
    }

    /// <summary>Stops the execution at once if this process is running it.</summary>
    public void Cancel(string executionId)
    {
        if (_cancelHandlers.TryGetValue(executionId, out var cancel))
        {
            cancel();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
