using System.Data.Common;
using Docket.Data;

namespace Docket.Webhooks;

/// <summary>Webhook deliveries: claimed with a short lease like executions, every attempt recorded.</summary>
public sealed class WebhookStore(IDocketDatabase database)
{
    /// <summary>Whether any delivery is due: a read, so an idle server's dispatcher polls without writing.</summary>
    public Task<bool> AnyDueAsync(long now, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => await connection.CountAsync(
                null,
                "SELECT COUNT(*) FROM (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now) LIMIT 1) due",
                cancellationToken,
                ("@now", now)).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>Takes the next due delivery for <paramref name="leaseUntil"/>; null when none is due.</summary>
    public Task<WebhookDelivery?> ClaimDueAsync(long now, long leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.FirstAsync(
                transaction,
                """
                UPDATE webhook_deliveries SET locked_until = @lease, attempts = attempts + 1
                WHERE id = (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now
                            AND (locked_until IS NULL OR locked_until < @now) ORDER BY next_attempt_at, seq LIMIT 1)
                  AND status = 'pending'
                RETURNING *
                """,
                Map,
                cancellationToken,
                ("@now", now),
                ("@lease", leaseUntil)),
            cancellationToken);

    /// <summary>Records an attempt and moves the delivery on: delivered, retried at <paramref name="retryAt"/>, or failed for good.</summary>
    public Task RecordAttemptAsync(WebhookDelivery delivery, WebhookAttempt attempt, bool success, long? retryAt, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(
                    transaction,
                    "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status_code, error, duration_ms) VALUES (@id, @attempt, @at, @code, @error, @ms)",
                    cancellationToken,
                    ("@id", delivery.Id),
                    ("@attempt", attempt.Attempt),
                    ("@at", attempt.StartedAt),
                    ("@code", attempt.StatusCode),
                    ("@error", attempt.Error),
                    ("@ms", attempt.DurationMs)).ConfigureAwait(false);
                var status = success ? WebhookDelivery.Delivered : retryAt is null ? WebhookDelivery.Failed : WebhookDelivery.Pending;
                return await connection.ExecuteAsync(
                    transaction,
                    """
                    UPDATE webhook_deliveries SET status = @status, locked_until = NULL, last_status_code = @code, last_error = @error,
                        next_attempt_at = COALESCE(@retry, next_attempt_at), delivered_at = @delivered
                    WHERE id = @id AND attempts = @attempt
                    """,
                    cancellationToken,
                    ("@status", status),
                    ("@code", attempt.StatusCode),
                    ("@error", attempt.Error),
                    ("@retry", retryAt),
                    ("@delivered", success ? attempt.StartedAt + attempt.DurationMs : null),
                    ("@id", delivery.Id),
                    ("@attempt", attempt.Attempt)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<List<WebhookDelivery>> ListForExecutionAsync(string tenantId, string executionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                var deliveries = await connection.ListAsync(
                    null,
                    "SELECT * FROM webhook_deliveries WHERE tenant_id = @tenant AND execution_id = @execution ORDER BY seq",
                    Map,
                    cancellationToken,
                    ("@tenant", tenantId),
                    ("@execution", executionId)).ConfigureAwait(false);
                for (var i = 0; i < deliveries.Count; i++)
                {
                    var history = await connection.ListAsync(
                        null,
                        "SELECT * FROM webhook_attempts WHERE delivery_id = @id ORDER BY attempt",
                        r => new WebhookAttempt((int)r.Number("attempt"), r.Number("started_at"), (int?)r.NumberOrNull("status_code"), r.TextOrNull("error"), r.Number("duration_ms")),
                        cancellationToken,
                        ("@id", deliveries[i].Id)).ConfigureAwait(false);
                    deliveries[i] = deliveries[i] with { History = history };
                }

                return deliveries;
            },
            cancellationToken);

    private static WebhookDelivery Map(DbDataReader r) => new(
        r.Text("id"),
        r.Text("tenant_id"),
        r.Text("execution_id"),
        r.Text("url"),
        r.Text("status"),
        (int)r.Number("attempts"),
        r.Number("next_attempt_at"),
        (int?)r.NumberOrNull("last_status_code"),
        r.TextOrNull("last_error"),
        r.Number("created_at"),
        r.NumberOrNull("delivered_at"));
}
