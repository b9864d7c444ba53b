using System.Data.Common;
using Docket.Data;

namespace Docket.Executions;

/// <summary>Filters of the executions listing (the SDKs send only skip and limit).</summary>
public sealed record ExecutionFilter(int Skip, int Limit, string? Status = null, string? Name = null, long? CreatedAfter = null, long? CreatedBefore = null, string? StartingAfter = null);

/// <summary>Execution rows as the API reads and writes them; the queue's transitions live in <see cref="Queue.ExecutionQueue"/>.</summary>
public sealed class ExecutionStore(IDocketDatabase database)
{
    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, ExecutionRecord e, CancellationToken cancellationToken) =>
        InsertStatement(e).RunAsync(connection, transaction, cancellationToken);

    /// <summary>The insert of a new execution row, for <see cref="IDocketDatabase.WriteStatementsAsync"/>; returns its seq.</summary>
    public static WriteStatement<long> InsertStatement(ExecutionRecord e) =>
        new(
            """
            INSERT INTO executions (id, tenant_id, name, agent_id, handler, status, priority, config, inputs, toolsets, metadata,
                session_id, callback_url, idempotency_key, fingerprint, model, attempt, max_attempts, timeout_ms, run_after,
                created_at, started_at, completed_at, response, usage, grounding, error_code, error_message, cached)
            VALUES (@id, @tenant, @name, @agent, @handler, @status, @priority, @config, @inputs, @toolsets, @metadata,
                @session, @callback, @idempotency, @fingerprint, @model, @attempt, @max_attempts, @timeout, @run_after,
                @created, @started, @completed, @response, @usage, @grounding, @error_code, @error_message, @cached)
            RETURNING seq
            """,
            reader => reader.GetInt64(0),
            RowParameters(e));

    /// <summary>
    /// The insert of a new pending execution that, when nothing is waiting in the queue, is stored
    /// already claimed by <paramref name="window"/>'s worker (running, attempt 1, leased) instead:
    /// the claim a worker would make next, folded into the insert. With work queued it stays
    /// pending so it takes its turn. Returns the stored row.
    /// </summary>
    public static WriteStatement<ExecutionRecord> InsertOrStartStatement(ExecutionRecord e, Queue.ClaimWindow window) =>
        new(
            """
            INSERT INTO executions (id, tenant_id, name, agent_id, handler, status, priority, config, inputs, toolsets, metadata,
                session_id, callback_url, idempotency_key, fingerprint, model, attempt, max_attempts, timeout_ms, run_after,
                locked_until, worker_id, created_at, started_at, cached)
            SELECT @id, @tenant, @name, @agent, @handler, CASE WHEN q.waiting THEN 'pending' ELSE 'running' END, @priority,
                @config, @inputs, @toolsets, @metadata, @session, @callback, @idempotency, @fingerprint, @model,
                CASE WHEN q.waiting THEN 0 ELSE 1 END, @max_attempts, @timeout, @run_after,
                CASE WHEN q.waiting THEN NULL ELSE @lease END, CASE WHEN q.waiting THEN NULL ELSE @worker END,
                @created, CASE WHEN q.waiting THEN NULL ELSE @now END, 0
            FROM (SELECT EXISTS (SELECT 1 FROM executions WHERE status = 'pending' AND run_after <= @now) AS waiting) q
            RETURNING *
            """,
            Map,
            [.. RowParameters(e), ("@lease", window.LeaseUntil), ("@worker", window.WorkerId), ("@now", window.Now)]);

    /// <summary>Every column of a new row as a parameter; each insert uses the ones it needs.</summary>
    private static (string Name, object? Value)[] RowParameters(ExecutionRecord e) =>
    [
        ("@id", e.Id),
        ("@tenant", e.TenantId),
        ("@name", e.Name),
        ("@agent", e.AgentId),
        ("@handler", e.Handler),
        ("@status", e.Status),
        ("@priority", (int)e.Priority),
        ("@config", e.Config),
        ("@inputs", e.Inputs),
        ("@toolsets", e.Toolsets),
        ("@metadata", e.Metadata),
        ("@session", e.SessionId),
        ("@callback", e.CallbackUrl),
        ("@idempotency", e.IdempotencyKey),
        ("@fingerprint", e.Fingerprint),
        ("@model", e.Model),
        ("@attempt", e.Attempt),
        ("@max_attempts", e.MaxAttempts),
        ("@timeout", e.TimeoutMs),
        ("@run_after", e.RunAfter),
        ("@created", e.CreatedAt),
        ("@started", e.StartedAt),
        ("@completed", e.CompletedAt),
        ("@response", e.Response),
        ("@usage", e.Usage),
        ("@grounding", e.Grounding),
        ("@error_code", e.ErrorCode),
        ("@error_message", e.ErrorMessage),
        ("@cached", e.Cached ? 1 : 0),
    ];

    public Task<ExecutionRecord?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(null, "SELECT * FROM executions WHERE id = @id AND tenant_id = @tenant", Map, cancellationToken, ("@id", id), ("@tenant", tenantId)),
            cancellationToken);

    /// <summary>Whether any execution of the tenant named this session: a session exists from its first execution on.</summary>
    public Task<bool> SessionExistsAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => await connection.CountAsync(
                null,
                "SELECT COUNT(*) FROM (SELECT 1 FROM executions WHERE tenant_id = @tenant AND session_id = @session LIMIT 1) found",
                cancellationToken,
                ("@tenant", tenantId),
                ("@session", sessionId)).ConfigureAwait(false) > 0,
            cancellationToken);

    public static Task<ExecutionRecord?> GetByIdempotencyKeyAsync(DbConnection connection, DbTransaction? transaction, string tenantId, string key, CancellationToken cancellationToken) =>
        connection.FirstAsync(transaction, "SELECT * FROM executions WHERE tenant_id = @tenant AND idempotency_key = @key", Map, cancellationToken, ("@tenant", tenantId), ("@key", key));

    public static Task<ExecutionRecord?> FindCompletedByFingerprintAsync(DbConnection connection, DbTransaction? transaction, string tenantId, string fingerprint, CancellationToken cancellationToken) =>
        connection.FirstAsync(
            transaction,
            "SELECT * FROM executions WHERE tenant_id = @tenant AND fingerprint = @fingerprint AND status = 'completed' ORDER BY seq LIMIT 1",
            Map,
            cancellationToken,
            ("@tenant", tenantId),
            ("@fingerprint", fingerprint));

    /// <summary>A page of executions, newest first; see <see cref="ExecutionListQuery"/>.</summary>
    public Task<List<ExecutionRecord>> ListAsync(string tenantId, ExecutionFilter filter, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => ExecutionListQuery.RunAsync(connection, tenantId, filter, cancellationToken), cancellationToken);

    /// <summary>
    /// Cancels a pending or running execution: it becomes failed/cancelled at once. A worker still
    /// running it sees its guarded completion fail and stops (see ExecutionQueue).
    /// </summary>
    public Task<bool> CancelAsync(string tenantId, string id, long now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var changed = await connection.ExecuteAsync(
                    transaction,
                    """
                    UPDATE executions SET status = 'failed', error_code = 'cancelled', error_message = 'The execution was cancelled.',
                        completed_at = @now, locked_until = NULL
                    WHERE id = @id AND tenant_id = @tenant AND status IN ('pending', 'running')
                    """,
                    cancellationToken,
                    ("@id", id),
                    ("@tenant", tenantId),
                    ("@now", now)).ConfigureAwait(false);
                if (changed > 0)
                {
                    await Queue.ExecutionQueue.EnqueueWebhookAsync(connection, transaction, id, now, cancellationToken).ConfigureAwait(false);
                }

                return changed > 0;
            },
            cancellationToken);

    public static ExecutionRecord Map(DbDataReader r) => new()
    {
        Id = r.Text("id"),
        TenantId = r.Text("tenant_id"),
        Name = r.Text("name"),
        AgentId = r.TextOrNull("agent_id"),
        Handler = r.Text("handler"),
        Status = r.Text("status"),
        Priority = (Priority)r.Number("priority"),
        Config = r.Text("config"),
        Inputs = r.Text("inputs"),
        Toolsets = r.Text("toolsets"),
        Metadata = r.TextOrNull("metadata"),
        SessionId = r.TextOrNull("session_id"),
        CallbackUrl = r.TextOrNull("callback_url"),
        IdempotencyKey = r.TextOrNull("idempotency_key"),
        Fingerprint = r.Text("fingerprint"),
        Model = r.TextOrNull("model"),
        Attempt = (int)r.Number("attempt"),
        MaxAttempts = (int)r.Number("max_attempts"),
        TimeoutMs = r.NumberOrNull("timeout_ms"),
        RunAfter = r.Number("run_after"),
        LockedUntil = r.NumberOrNull("locked_until"),
        WorkerId = r.TextOrNull("worker_id"),
        CreatedAt = r.Number("created_at"),
        StartedAt = r.NumberOrNull("started_at"),
        CompletedAt = r.NumberOrNull("completed_at"),
        Response = r.TextOrNull("response"),
        Usage = r.TextOrNull("usage"),
        Grounding = r.TextOrNull("grounding"),
        ErrorCode = r.TextOrNull("error_code"),
        ErrorMessage = r.TextOrNull("error_message"),
        Cached = r.Bool("cached"),
    };
}
