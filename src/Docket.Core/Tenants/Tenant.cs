namespace Docket.Tenants;

public sealed record Tenant(string Id, string Name, string WebhookSecret, long CreatedAt);

public sealed record ApiKeyInfo(string Id, string TenantId, string TenantName, string Prefix, string? Label, long CreatedAt, long? RevokedAt);

/// <summary>A key as created: the plain text is shown once and never stored.</summary>
public sealed record CreatedApiKey(string Key, ApiKeyInfo Info);
