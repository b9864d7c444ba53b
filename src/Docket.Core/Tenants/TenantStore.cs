using System.Collections.Concurrent;
using System.Data.Common;
using Docket.Common;
using Docket.Data;

namespace Docket.Tenants;

/// <summary>Tenants and their API keys. Keys are stored as SHA-256 hashes only.</summary>
public sealed class TenantStore(IDocketDatabase database, TimeProvider time)
{
    public const string KeyPrefix = "dk_";

    // Authentication runs on every request; a short cache keeps it off the database while a
    // revoked key stops working within this window, even when revoked by another process.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (string? TenantId, long ExpiresAt)> _cache = new(StringComparer.Ordinal);

    public async Task<Tenant> EnsureTenantAsync(string name, CancellationToken cancellationToken)
    {
        ValidateTenantName(name);
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await connection.FirstAsync(transaction, "SELECT * FROM tenants WHERE name = @name", MapTenant, cancellationToken, ("@name", name)).ConfigureAwait(false);
                if (existing is not null)
                {
                    return existing;
                }

                var tenant = new Tenant(Ids.New(), name, "whsec_" + Ids.RandomToken(24), time.GetUtcNow().ToUnixTimeMilliseconds());
                await connection.ExecuteAsync(
                    transaction,
                    "INSERT INTO tenants (id, name, webhook_secret, created_at) VALUES (@id, @name, @secret, @at)",
                    cancellationToken,
                    ("@id", tenant.Id),
                    ("@name", tenant.Name),
                    ("@secret", tenant.WebhookSecret),
                    ("@at", tenant.CreatedAt)).ConfigureAwait(false);
                return tenant;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<Tenant?> FindTenantAsync(string idOrName, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(null, "SELECT * FROM tenants WHERE id = @v OR name = @v", MapTenant, cancellationToken, ("@v", idOrName)),
            cancellationToken);

    public Task<bool> AnyTenantAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => await connection.CountAsync(null, "SELECT COUNT(*) FROM tenants", cancellationToken).ConfigureAwait(false) > 0, cancellationToken);

    /// <summary>Creates a key for the tenant (creating the tenant if new). <paramref name="plainKey"/> imports a given key.</summary>
    public async Task<CreatedApiKey> CreateKeyAsync(string tenantName, string? label, CancellationToken cancellationToken, string? plainKey = null)
    {
        var tenant = await EnsureTenantAsync(tenantName, cancellationToken).ConfigureAwait(false);
        var key = plainKey ?? KeyPrefix + Ids.RandomToken(32);
        if (key.Length < 16)
        {
            throw new ArgumentException("An API key must be at least 16 characters long.", nameof(plainKey));
        }

        var info = new ApiKeyInfo(Ids.New(), tenant.Id, tenant.Name, key[..Math.Min(10, key.Length)], label, time.GetUtcNow().ToUnixTimeMilliseconds(), null);
        await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                "INSERT INTO api_keys (id, tenant_id, key_hash, prefix, label, created_at) VALUES (@id, @tenant, @hash, @prefix, @label, @at)",
                cancellationToken,
                ("@id", info.Id),
                ("@tenant", info.TenantId),
                ("@hash", Hashing.Sha256Hex(key)),
                ("@prefix", info.Prefix),
                ("@label", label),
                ("@at", info.CreatedAt)),
            cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(key, info);
    }

    public Task<List<ApiKeyInfo>> ListKeysAsync(string? tenantName, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                """
                SELECT k.*, t.name AS tenant_name FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                WHERE CAST(@tenant AS TEXT) IS NULL OR t.name = @tenant ORDER BY k.created_at
                """,
                MapKey,
                cancellationToken,
                ("@tenant", tenantName)),
            cancellationToken);

    /// <summary>Revokes a key by its id or its printed prefix; false when none matches.</summary>
    public Task<bool> RevokeKeyAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                transaction,
                "UPDATE api_keys SET revoked_at = @at WHERE (id = @v OR prefix = @v) AND revoked_at IS NULL",
                cancellationToken,
                ("@v", idOrPrefix),
                ("@at", time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>The tenant id the key belongs to, or null for an unknown or revoked key.</summary>
    public async ValueTask<string?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_cache.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
        {
            return cached.TenantId;
        }

        var hash = Hashing.Sha256Hex(key);
        var tenantId = await database.ReadAsync(
            async connection =>
            {
                await using var command = connection.Command(null, "SELECT tenant_id FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", ("@hash", hash));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            },
            cancellationToken).ConfigureAwait(false);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[key] = (tenantId, now + (long)CacheLifetime.TotalMilliseconds);
        return tenantId;
    }

    public async Task<string> RotateWebhookSecretAsync(string tenantName, CancellationToken cancellationToken)
    {
        var tenant = await EnsureTenantAsync(tenantName, cancellationToken).ConfigureAwait(false);
        var secret = "whsec_" + Ids.RandomToken(24);
        await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, "UPDATE tenants SET webhook_secret = @s WHERE id = @id", cancellationToken, ("@s", secret), ("@id", tenant.Id)),
            cancellationToken).ConfigureAwait(false);
        return secret;
    }

    private static void ValidateTenantName(string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Tenant name '{name}' is not valid: use 1-64 letters, digits, '-', '_' or '.'.", nameof(name));
        }
    }

    private static Tenant MapTenant(DbDataReader r) => new(r.Text("id"), r.Text("name"), r.Text("webhook_secret"), r.Number("created_at"));

    private static ApiKeyInfo MapKey(DbDataReader r) =>
        new(r.Text("id"), r.Text("tenant_id"), r.Text("tenant_name"), r.Text("prefix"), r.TextOrNull("label"), r.Number("created_at"), r.NumberOrNull("revoked_at"));
}
