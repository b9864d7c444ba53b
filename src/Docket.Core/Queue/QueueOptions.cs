namespace Docket.Queue;

/// <summary>Queue and worker behaviour (section <c>Docket:Queue</c>).</summary>
public sealed class QueueOptions
{
    /// <summary>Executions this process runs at once; 0 runs no workers (an API-only node).</summary>
    public int Workers { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>How long a claim holds an execution without a heartbeat before another worker may take it.</summary>
    public double LeaseSeconds { get; set; } = 15;

    /// <summary>
    /// The longest an execution waits behind higher priorities: once it has been queued this long
    /// it is claimed before any younger execution, whatever their priority.
    /// </summary>
    public double AgingSeconds { get; set; } = 60;

    /// <summary>
    /// How often idle workers and waiters look at the database for changes made by other processes.
    /// Changes made in this process wake them at once.
    /// </summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>How often a running execution checks whether it was cancelled by another process.</summary>
    public double CancelCheckSeconds { get; set; } = 0.5;

    /// <summary>First retry delay; each further attempt doubles it.</summary>
    public double RetryBaseSeconds { get; set; } = 1;

    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>Attempts per execution unless its config says otherwise (<c>max_attempts</c>).</summary>
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>Upper bound on an execution's <c>timeout_s</c>; also the default.</summary>
    public double MaxTimeoutSeconds { get; set; } = 3600;

    /// <summary>On shutdown, how long running executions may finish before their leases are released.</summary>
    public double ShutdownGraceSeconds { get; set; } = 10;

    public void Validate()
    {
        if (Workers < 0 || LeaseSeconds <= 0 || AgingSeconds <= 0 || PollSeconds <= 0 || CancelCheckSeconds <= 0 || RetryBaseSeconds < 0 || DefaultMaxAttempts < 1 || MaxTimeoutSeconds <= 0)
        {
            throw new InvalidOperationException("Docket:Queue options must be positive (Workers may be 0; LeaseSeconds, AgingSeconds, PollSeconds, CancelCheckSeconds, DefaultMaxAttempts, MaxTimeoutSeconds).");
        }
    }
}
