namespace Docket.Executions;

/// <summary>Wire status values; the SDKs accept no others.</summary>
public static class ExecutionStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsTerminal(string status) => status is Completed or Failed;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Pending, Running, Completed, Failed };
}
