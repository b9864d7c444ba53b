namespace Docket.Files;

public sealed record FileRecord(
    string Id,
    string TenantId,
    string FileName,
    long Bytes,
    string Purpose,
    string ContentType,
    string? Md5,
    string? Sha256,
    string Status,
    long CreatedAt)
{
    public const string Ready = "ready";
    public const string AwaitingUpload = "awaiting_upload";

    public static readonly IReadOnlySet<string> Purposes = new HashSet<string>(StringComparer.Ordinal)
    {
        "fine-tune", "assistants", "assistants_output", "batch", "batch_output", "vision", "datasets",
    };
}
