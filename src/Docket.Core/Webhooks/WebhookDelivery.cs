namespace Docket.Webhooks;

public sealed record WebhookAttempt(int Attempt, long StartedAt, int? StatusCode, string? Error, long DurationMs);

/// <summary>One terminal notification of one execution, with every attempt made to deliver it.</summary>
public sealed record WebhookDelivery(
    string Id,
    string TenantId,
    string ExecutionId,
    string Url,
    string Status,
    int Attempts,
    long NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    long CreatedAt,
    long? DeliveredAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public IReadOnlyList<WebhookAttempt> History { get; init; } = [];
}
