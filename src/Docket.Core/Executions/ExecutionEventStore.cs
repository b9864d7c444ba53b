using Docket.Data;

namespace Docket.Executions;

/// <summary>One status change of an execution, as the database recorded it.</summary>
public sealed record ExecutionEvent(long Seq, string Status, int Attempt, long At);

/// <summary>
/// The status history of executions. Database triggers write it on every insert and status or
/// attempt change, so no code path can change a status without leaving its trace.
/// </summary>
public sealed class ExecutionEventStore(IDocketDatabase database)
{
    public Task<List<ExecutionEvent>> ListAsync(string executionId, long afterSeq, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT seq, status, attempt, at FROM execution_events WHERE execution_id = @id AND seq > @after ORDER BY seq",
                r => new ExecutionEvent(r.GetInt64(0), r.GetString(1), (int)r.GetInt64(2), r.GetInt64(3)),
                cancellationToken,
                ("@id", executionId),
                ("@after", afterSeq)),
            cancellationToken);
}
