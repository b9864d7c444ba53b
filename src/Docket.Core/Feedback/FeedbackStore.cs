using System.Data.Common;
using Docket.Common;
using Docket.Data;

namespace Docket.Feedback;

public sealed record FeedbackRecord(string Id, string TenantId, string? RequestId, string? AgentExecutionId, string? Response, string? Notes, long CreatedAt);

/// <summary>Corrections and notes that users attach to an execution's result.</summary>
public sealed class FeedbackStore(IDocketDatabase database, TimeProvider time)
{
    public async Task<FeedbackRecord> AddAsync(string tenantId, string? requestId, string? executionId, string? response, string? notes, CancellationToken cancellationToken)
    {
        var record = new FeedbackRecord(Ids.New(), tenantId, requestId, executionId, response, notes, time.GetUtcNow().ToUnixTimeMilliseconds());
        await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                "INSERT INTO feedback (id, tenant_id, request_id, agent_execution_id, response, notes, created_at) VALUES (@id, @tenant, @request, @execution, @response, @notes, @at)",
                cancellationToken,
                ("@id", record.Id),
                ("@tenant", tenantId),
                ("@request", requestId),
                ("@execution", executionId),
                ("@response", response),
                ("@notes", notes),
                ("@at", record.CreatedAt)),
            cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Feedback on a request or execution id, newest first.</summary>
    public Task<List<FeedbackRecord>> ListAsync(string tenantId, string id, int offset, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM feedback WHERE tenant_id = @tenant AND (request_id = @id OR agent_execution_id = @id) ORDER BY seq DESC LIMIT @limit OFFSET @offset",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@id", id),
                ("@limit", limit),
                ("@offset", offset)),
            cancellationToken);

    private static FeedbackRecord Map(DbDataReader r) => new(
        r.Text("id"),
        r.Text("tenant_id"),
        r.TextOrNull("request_id"),
        r.TextOrNull("agent_execution_id"),
        r.TextOrNull("response"),
        r.TextOrNull("notes"),
        r.Number("created_at"));
}
