namespace Docket.Artifacts;

public sealed record ArtifactRecord(
    string ExecutionId,
    string ObjectId,
    string TenantId,
    string? SessionId,
    string FileName,
    string ContentType,
    long Bytes,
    string Sha256,
    long CreatedAt);
