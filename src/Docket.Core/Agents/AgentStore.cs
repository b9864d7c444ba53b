using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Data;

namespace Docket.Agents;

/// <summary>
/// Agent versions. A version never changes once written: the same name:version with the same
/// config returns the existing row, with another config is a conflict; a bare name gets the next
/// <c>vN</c> only when the config changed.
/// </summary>
public sealed class AgentStore(IDocketDatabase database, TimeProvider time)
{
    public Task<AgentRecord> CreateAsync(string tenantId, AgentName? requested, JsonObject config, string? description, string? callbackUrl, CancellationToken cancellationToken)
    {
        var configHash = Hashing.Sha256Hex(CanonicalJson.Serialize(config));
        var name = requested?.Name ?? DeriveName(config);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var latest = await connection.FirstAsync(
                    transaction,
                    requested?.Version is null
                        ? "SELECT * FROM agents WHERE tenant_id = @tenant AND name = @name ORDER BY seq DESC LIMIT 1"
                        : "SELECT * FROM agents WHERE tenant_id = @tenant AND name = @name AND version = @version",
                    Map,
                    cancellationToken,
                    ("@tenant", tenantId),
                    ("@name", name),
                    ("@version", requested?.Version)).ConfigureAwait(false);
                if (latest is not null && latest.ConfigHash == configHash)
                {
                    return latest;
                }

                if (latest is not null && requested?.Version is not null)
                {
                    throw new AgentConflictException($"Agent '{latest.FullName}' already exists with a different config; versions are immutable, create a new version instead.");
                }

                string version;
                long? number = null;
                if (requested?.Version is not null)
                {
                    version = requested.Version;
                }
                else
                {
                    number = await connection.CountAsync(transaction, "SELECT COALESCE(MAX(version_number), 0) FROM agents WHERE tenant_id = @tenant AND name = @name", cancellationToken, ("@tenant", tenantId), ("@name", name)).ConfigureAwait(false) + 1;
                    version = $"v{number}";
                    while (await connection.CountAsync(transaction, "SELECT COUNT(*) FROM agents WHERE tenant_id = @tenant AND name = @name AND version = @version", cancellationToken, ("@tenant", tenantId), ("@name", name), ("@version", version)).ConfigureAwait(false) > 0)
                    {
                        number++;
                        version = $"v{number}";
                    }
                }

                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var record = new AgentRecord(Ids.New(), tenantId, name, version, description ?? string.Empty, config, configHash, callbackUrl, now, now);
                await connection.ExecuteAsync(
                    transaction,
                    """
                    INSERT INTO agents (id, tenant_id, name, version, version_number, description, config, config_hash, callback_url, created_at, updated_at)
                    VALUES (@id, @tenant, @name, @version, @number, @description, @config, @hash, @callback, @at, @at)
                    """,
                    cancellationToken,
                    ("@id", record.Id),
                    ("@tenant", tenantId),
                    ("@name", name),
                    ("@version", version),
                    ("@number", number),
                    ("@description", record.Description),
                    ("@config", config.ToJsonString()),
                    ("@hash", configHash),
                    ("@callback", callbackUrl),
                    ("@at", now)).ConfigureAwait(false);
                return record;
            },
            cancellationToken);
    }

    public Task<AgentRecord?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(null, "SELECT * FROM agents WHERE id = @id AND tenant_id = @tenant", Map, cancellationToken, ("@id", id), ("@tenant", tenantId)),
            cancellationToken);

    /// <summary>The named version, or the newest version when the reference has none.</summary>
    public Task<AgentRecord?> FindAsync(string tenantId, AgentName name, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(
                null,
                name.Version is null
                    ? "SELECT * FROM agents WHERE tenant_id = @tenant AND name = @name ORDER BY seq DESC LIMIT 1"
                    : "SELECT * FROM agents WHERE tenant_id = @tenant AND name = @name AND version = @version",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@name", name.Name),
                ("@version", name.Version)),
            cancellationToken);

    public async Task<AgentRecord?> FindByPromptAsync(string tenantId, string prompt, CancellationToken cancellationToken)
    {
        // Prompts live inside the config JSON; scan this tenant's agents newest first.
        var agents = await ListAsync(tenantId, 0, 10_000, cancellationToken).ConfigureAwait(false);
        return agents.FirstOrDefault(a => string.Equals(a.Prompt.Trim(), prompt.Trim(), StringComparison.Ordinal));
    }

    public Task<List<AgentRecord>> ListAsync(string tenantId, int skip, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM agents WHERE tenant_id = @tenant ORDER BY seq DESC LIMIT @limit OFFSET @skip",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@limit", limit),
                ("@skip", skip)),
            cancellationToken);

    /// <summary>A readable name from the prompt's first words: "Extract the invoice total" → extract-the-invoice-total.</summary>
    internal static string DeriveName(JsonObject config)
    {
        var prompt = config["prompt"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
        var builder = new StringBuilder();
        foreach (var word in prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(6))
        {
            var clean = new string(word.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
            if (clean.Length == 0 || builder.Length + clean.Length > 48)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? string.Empty : "-").Append(clean);
        }

        return builder.Length == 0 ? "agent-" + Hashing.Sha256Hex(CanonicalJson.Serialize(config))[..8] : builder.ToString();
    }

    private static AgentRecord Map(DbDataReader r) => new(
        r.Text("id"),
        r.Text("tenant_id"),
        r.Text("name"),
        r.Text("version"),
        r.Text("description"),
        JsonNode.Parse(r.Text("config"))!.AsObject(),
        r.Text("config_hash"),
        r.TextOrNull("callback_url"),
        r.Number("created_at"),
        r.Number("updated_at"));
}
