using System.Data.Common;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Data;
using Docket.Engine;
using Docket.Executions;

namespace Docket.Queue;

/// <summary>
/// The queue's state changes, each one guarded SQL statement. The invariant: an execution's result
/// is written only by the worker holding the current attempt while the row is still running, so a
/// worker that lost its lease, or whose execution was cancelled, can never overwrite or complete
/// it a second time (at-least-once delivery, exactly-once completion).
/// </summary>
public sealed class ExecutionQueue(IDocketDatabase database, IBlobStore? blobs = null)
{
    private const string Guard = "id = @id AND attempt = @attempt AND status = 'running'";

    public Task<ExecutionRecord?> ClaimAsync(ClaimWindow window, CancellationToken cancellationToken) =>
        ClaimAsync(window.WorkerId, window.Now, window.AgedBefore, window.LeaseUntil, cancellationToken);

    public async Task<ExecutionRecord?> ClaimAsync(string workerId, long now, long agedBefore, long leaseUntil, CancellationToken cancellationToken)
    {
        var claim = ClaimStatement(new ClaimWindow(workerId, now, agedBefore, leaseUntil));
        await database.WriteStatementsAsync([claim], cancellationToken).ConfigureAwait(false);
        return claim.First;
    }

    /// <summary>Extends the lease; false when the attempt no longer owns the execution (cancelled, expired and re-claimed).</summary>
    public Task<bool> RenewLeaseAsync(string id, int attempt, long leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                transaction,
                $"UPDATE executions SET locked_until = @lease WHERE {Guard}",
                cancellationToken,
                ("@lease", leaseUntil),
                ("@id", id),
                ("@attempt", attempt)).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>True while this attempt still owns the execution; a read, for frequent cancel checks.</summary>
    public Task<bool> IsOwnedAsync(string id, int attempt, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => await connection.CountAsync(null, $"SELECT COUNT(*) FROM executions WHERE {Guard}", cancellationToken, ("@id", id), ("@attempt", attempt)).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<bool> CompleteAsync(string id, int attempt, string response, string usage, string? grounding, IReadOnlyList<ArtifactRecord> artifacts, long now, CancellationToken cancellationToken) =>
        CompleteCoreAsync(id, attempt, response, usage, grounding, artifacts, now, claim: null, cancellationToken);

    /// <summary>
    /// Completes an execution and, in the same transaction, claims the worker's next one: under
    /// load this saves a write transaction per execution. The claim follows the usual order.
    /// </summary>
    public async Task<(bool Kept, ExecutionRecord? Next)> CompleteAndClaimAsync(string id, int attempt, string response, string usage, string? grounding, IReadOnlyList<ArtifactRecord> artifacts, long now, ClaimWindow next, CancellationToken cancellationToken)
    {
        var claim = ClaimStatement(next);
        var kept = await CompleteCoreAsync(id, attempt, response, usage, grounding, artifacts, now, claim, cancellationToken).ConfigureAwait(false);
        return (kept, claim.First);
    }

    private WriteStatement<ExecutionRecord> ClaimStatement(ClaimWindow window) =>
        new(
            database.Dialect.ClaimExecution,
            ExecutionStore.Map,
            ("@now", window.Now),
            ("@aged", window.AgedBefore),
            ("@lease", window.LeaseUntil),
            ("@worker", window.WorkerId));

    private const string CompleteUpdate = $"""
        UPDATE executions SET status = 'completed', response = @response, usage = @usage, grounding = @grounding, completed_at = @now,
            locked_until = NULL, error_code = NULL, error_message = NULL
        WHERE {Guard}
        """;

    private const string WebhookColumns = "INSERT INTO webhook_deliveries (id, tenant_id, execution_id, url, status, attempts, next_attempt_at, created_at)";

    /// <summary>
    /// The completion's statements, the first of which returns a row when the completion took.
    /// Where the database allows, the completion and its webhook are one statement; otherwise
    /// the webhook follows in a second (see <see cref="WebhookAfterCompletionStatement"/>).
    /// </summary>
    private WriteStatement<bool>[] CompleteStatements(string id, int attempt, string response, string usage, string? grounding, long now)
    {
        (string, object?)[] parameters =
        [
            ("@response", response),
            ("@usage", usage),
            ("@grounding", grounding),
            ("@now", now),
            ("@id", id),
            ("@attempt", attempt),
        ];
        if (!database.Dialect.WritableCtes)
        {
            return [new($"{CompleteUpdate} RETURNING 1", _ => true, parameters), WebhookAfterCompletionStatement(id, attempt, now)];
        }

        return
        [
            new(
                $"""
                WITH done AS ({CompleteUpdate} RETURNING tenant_id, id, callback_url),
                hook AS ({WebhookColumns}
                    SELECT @delivery, tenant_id, id, callback_url, 'pending', 0, @now, @now FROM done WHERE callback_url IS NOT NULL)
                SELECT 1 FROM done
                """,
                _ => true,
                [.. parameters, ("@delivery", Common.Ids.New())]),
        ];
    }

    /// <summary>
    /// The webhook of a completion made by the statement before it in the same transaction: the
    /// row is completed by this attempt at this instant only if that statement changed it. The
    /// row is found by id alone first (the LIMIT keeps a planner from folding the status test
    /// into the scan and walking the partial index of all completed executions instead).
    /// </summary>
    private static WriteStatement<bool> WebhookAfterCompletionStatement(string id, int attempt, long now) =>
        new(
            $"""
            {WebhookColumns}
            SELECT @delivery, e.tenant_id, e.id, e.callback_url, 'pending', 0, @now, @now
            FROM (SELECT tenant_id, id, callback_url, attempt, status, completed_at FROM executions WHERE id = @id LIMIT 1) e
            WHERE e.attempt = @attempt AND e.status = 'completed' AND e.completed_at = @now AND e.callback_url IS NOT NULL
            RETURNING 1
            """,
            _ => true,
            ("@delivery", Common.Ids.New()),
            ("@now", now),
            ("@id", id),
            ("@attempt", attempt));

    public Task<bool> FailAsync(string id, int attempt, string code, string message, string? usage, long now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var changed = await connection.ExecuteAsync(
                    transaction,
                    $"""
                    UPDATE executions SET status = 'failed', error_code = @code, error_message = @message, usage = COALESCE(@usage, usage),
                        completed_at = @now, locked_until = NULL
                    WHERE {Guard}
                    """,
                    cancellationToken,
                    ("@code", code),
                    ("@message", message),
                    ("@usage", usage),
                    ("@now", now),
                    ("@id", id),
                    ("@attempt", attempt)).ConfigureAwait(false);
                if (changed > 0)
                {
                    await EnqueueWebhookAsync(connection, transaction, id, now, cancellationToken).ConfigureAwait(false);
                }

                return changed > 0;
            },
            cancellationToken);

    /// <summary>Puts a failed attempt back in the queue, not before <paramref name="runAfter"/>; the error stays visible meanwhile.</summary>
    public Task<bool> RetryAsync(string id, int attempt, long runAfter, string code, string message, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                transaction,
                $"""
                UPDATE executions SET status = 'pending', run_after = @run_after, locked_until = NULL, worker_id = NULL,
                    error_code = @code, error_message = @message
                WHERE {Guard}
                """,
                cancellationToken,
                ("@run_after", runAfter),
                ("@code", code),
                ("@message", message),
                ("@id", id),
                ("@attempt", attempt)).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>Hands an execution back on shutdown without spending its attempt.</summary>
    public Task<bool> ReleaseAsync(string id, int attempt, long now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                transaction,
                $"UPDATE executions SET status = 'pending', attempt = attempt - 1, run_after = @now, locked_until = NULL, worker_id = NULL WHERE {Guard}",
                cancellationToken,
                ("@now", now),
                ("@id", id),
                ("@attempt", attempt)).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>
    /// Executions whose worker stopped heartbeating: back to the queue while attempts remain,
    /// otherwise failed. Returns the ids that changed so waiters can be woken.
    /// </summary>
    public Task<List<string>> ExpireLeasesAsync(long now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var requeued = await connection.ListAsync(
                    transaction,
                    """
                    UPDATE executions SET status = 'pending', run_after = @now, locked_until = NULL, worker_id = NULL,
                        error_code = 'internal', error_message = 'The worker running this execution stopped responding; it was queued again.'
                    WHERE status = 'running' AND locked_until < @now AND attempt < max_attempts
                    RETURNING id
                    """,
                    r => r.GetString(0),
                    cancellationToken,
                    ("@now", now)).ConfigureAwait(false);
                var failed = await connection.ListAsync(
                    transaction,
                    """
                    UPDATE executions SET status = 'failed', completed_at = @now, locked_until = NULL,
                        error_code = 'internal', error_message = 'The worker running this execution stopped responding and no attempts remain.'
                    WHERE status = 'running' AND locked_until < @now AND attempt >= max_attempts
                    RETURNING id
                    """,
                    r => r.GetString(0),
                    cancellationToken,
                    ("@now", now)).ConfigureAwait(false);
                foreach (var id in failed)
                {
                    await EnqueueWebhookAsync(connection, transaction, id, now, cancellationToken).ConfigureAwait(false);
                }

                requeued.AddRange(failed);
                return requeued;
            },
            cancellationToken);

    /// <summary>
    /// The completion, its webhook and, when given, the next claim, in one transaction. Without
    /// artifacts every statement is known up front, so the store may send them together with
    /// other writes; artifacts are recorded only when the completion took, which needs a look at
    /// its outcome in between.
    /// </summary>
    private async Task<bool> CompleteCoreAsync(string id, int attempt, string response, string usage, string? grounding, IReadOnlyList<ArtifactRecord> artifacts, long now, WriteStatement? claim, CancellationToken cancellationToken)
    {
        var complete = CompleteStatements(id, attempt, response, usage, grounding, now);
        if (artifacts.Count == 0)
        {
            await database.WriteStatementsAsync(claim is null ? complete : [.. complete, claim], cancellationToken).ConfigureAwait(false);
            return complete[0].Rows.Count > 0;
        }

        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                // The artifacts' bytes were stored while the execution ran; an identical file
                // deleted meanwhile may have taken them along. Under the blobs' locks they either
                // are still there, and stay, or the attempt runs again.
                var shas = artifacts.Select(a => a.Sha256).Distinct(StringComparer.Ordinal).ToList();
                await BlobReferences.LockAsync(connection, transaction, database.Dialect, shas, cancellationToken).ConfigureAwait(false);
                foreach (var sha in shas)
                {
                    if (blobs is not null && !await blobs.ExistsAsync(sha, cancellationToken).ConfigureAwait(false))
                    {
                        throw new ExecutionFailedException(ErrorCodes.Internal, "An artifact's stored bytes were removed while the execution ran (an identical file was deleted at that moment); it runs again.", transient: true);
                    }
                }

                await complete[0].RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var kept = complete[0].Rows.Count > 0;
                if (kept)
                {
                    foreach (var artifact in artifacts)
                    {
                        await ArtifactStore.InsertAsync(connection, transaction, artifact, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var rest in complete.Skip(1))
                    {
                        await rest.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (claim is not null)
                {
                    await claim.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                }

                return kept;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues the terminal notification of an execution that has a callback URL, in the transaction that made it terminal.</summary>
    internal static Task<int> EnqueueWebhookAsync(DbConnection connection, DbTransaction transaction, string executionId, long now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            transaction,
            $"""
            {WebhookColumns}
            SELECT @delivery, tenant_id, id, callback_url, 'pending', 0, @now, @now FROM executions
            WHERE id = @id AND callback_url IS NOT NULL
            """,
            cancellationToken,
            ("@delivery", Common.Ids.New()),
            ("@now", now),
            ("@id", executionId));
}
