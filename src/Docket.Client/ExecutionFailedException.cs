namespace Docket.Client;

/// <summary>
/// An execution ended <c>failed</c> (this includes cancelled and timed-out executions, whose
/// <see cref="Code"/> is <c>cancelled</c> or <c>timeout</c>).
/// </summary>
public sealed class ExecutionFailedException : Exception
{
    /// <summary>Creates the exception for a failed execution.</summary>
    /// <param name="execution">The execution in its failed state.</param>
    public ExecutionFailedException(Execution execution)
        : base($"Execution {execution?.Id} failed ({execution?.Error?.Code ?? "unknown"}): {execution?.Error?.Message ?? execution?.Usage?.Message ?? "no reason given"}")
    {
        ArgumentNullException.ThrowIfNull(execution);
        Execution = execution;
    }

    /// <summary>The execution as the server last reported it.</summary>
    public Execution Execution { get; }

    /// <summary>The error code: <c>invalid_input</c>, <c>timeout</c>, <c>cancelled</c>, <c>tool_error</c>, <c>model_error</c>, <c>internal</c>, …</summary>
    public string? Code => Execution.Error?.Code;

    /// <summary>The server's message about the failure.</summary>
    public string? ErrorMessage => Execution.Error?.Message ?? Execution.Usage?.Message;
}
