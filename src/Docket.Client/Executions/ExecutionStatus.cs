namespace Docket.Client;

/// <summary>The status values an execution reports.</summary>
public static class ExecutionStatus
{
    /// <summary>Accepted and queued.</summary>
    public const string Pending = "pending";

    /// <summary>A worker is running it.</summary>
    public const string Running = "running";

    /// <summary>Done, with a response.</summary>
    public const string Completed = "completed";

    /// <summary>Done without a response; <see cref="Execution.Error"/> says why (including cancelled and timed out).</summary>
    public const string Failed = "failed";
}
