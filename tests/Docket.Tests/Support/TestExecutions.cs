using Docket.Common;
using Docket.Executions;

namespace Docket.Tests.Support;

/// <summary>Execution rows for tests that write to the queue directly, below the API.</summary>
public static class TestExecutions
{
    /// <summary>A new pending <c>test/noop</c> execution of tenant <c>t1</c>.</summary>
    public static ExecutionRecord Pending(Priority priority, long createdAt, long runAfter, int maxAttempts = 3) => new()
    {
        Id = Ids.New(),
        TenantId = "t1",
        Name = "test/noop",
        Handler = "test/noop",
        Status = ExecutionStatus.Pending,
        Priority = priority,
        Config = "{}",
        Inputs = "[]",
        Toolsets = "[\"core\"]",
        Fingerprint = "f",
        MaxAttempts = maxAttempts,
        CreatedAt = createdAt,
        RunAfter = runAfter,
    };
}
