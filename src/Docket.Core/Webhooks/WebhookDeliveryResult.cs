namespace Docket.Webhooks;

/// <summary>The outcome of one delivery attempt, as recorded with the execution.</summary>
/// <param name="Success">The receiver answered 2xx.</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when no answer came.</param>
/// <param name="Error">Why the attempt failed, or null on success.</param>
/// <param name="DurationMs">How long the attempt took, in milliseconds.</param>
public sealed record WebhookDeliveryResult(bool Success, int? StatusCode, string? Error, long DurationMs);
