using System.Data.Common;
using System.Globalization;
using Docket.Data;

namespace Docket.Executions;

/// <summary>
/// The executions listing, newest first (by creation time, then insertion order), built so that
/// every page walks an index in order and stops after the page, with 100 or 100,000 executions:
/// only the filters given become conditions (plain equalities and ranges the planner can match to
/// the (tenant, status | name | -, created_at, seq) indexes), and
/// <see cref="ExecutionFilter.StartingAfter"/> continues after a given execution (keyset paging),
/// as cheap deep in the list as on its first page, unlike skip.
/// </summary>
internal static class ExecutionListQuery
{
    private const string Order = "ORDER BY created_at DESC, seq DESC";

    // An agent with this many versions or more is filtered by one scan instead of one index walk per version.
    private const int MaxNameArms = 16;

    public static async Task<List<ExecutionRecord>> RunAsync(DbConnection connection, string tenantId, ExecutionFilter filter, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "tenant_id = @tenant" };
        var parameters = new List<(string, object?)> { ("@tenant", tenantId), ("@limit", filter.Limit), ("@skip", filter.Skip) };
        if (filter.StartingAfter is { } cursorId)
        {
            var cursor = await connection.FirstAsync(
                null,
                "SELECT created_at, seq FROM executions WHERE id = @id AND tenant_id = @tenant",
                r => new long[] { r.GetInt64(0), r.GetInt64(1) },
                cancellationToken,
                ("@id", cursorId),
                ("@tenant", tenantId)).ConfigureAwait(false);
            if (cursor is null)
            {
                return [];
            }

            // The first term is redundant but gives the planner an index range to start from,
            // so a page deep in the list does not walk past every newer row.
            conditions.Add("created_at <= @cursor_at AND (created_at < @cursor_at OR (created_at = @cursor_at AND seq < @cursor_seq))");
            parameters.Add(("@cursor_at", cursor[0]));
            parameters.Add(("@cursor_seq", cursor[1]));
        }

        if (filter.Status is not null)
        {
            conditions.Add("status = @status");
            parameters.Add(("@status", filter.Status));
        }

        if (filter.CreatedAfter is { } after)
        {
            conditions.Add("created_at >= @after");
            parameters.Add(("@after", after));
        }

        if (filter.CreatedBefore is { } before)
        {
            conditions.Add("created_at < @before");
            parameters.Add(("@before", before));
        }

        string sql;
        var names = filter.Name is null ? null : await NamesAsync(connection, tenantId, filter.Name, cancellationToken).ConfigureAwait(false);
        if (filter.Name is null)
        {
            sql = $"SELECT * FROM executions WHERE {string.Join(" AND ", conditions)} {Order} LIMIT @limit OFFSET @skip";
        }
        else if (names is not null)
        {
            // One index walk per name (the agent's own and each version), each stopping after
            // skip + limit rows; the page is the newest of their union.
            parameters.Add(("@arm_limit", filter.Skip + filter.Limit));
            var arms = new List<string>();
            for (var i = 0; i < names.Count; i++)
            {
                parameters.Add(($"@name{i}", names[i]));
                arms.Add($"SELECT * FROM (SELECT * FROM executions WHERE {string.Join(" AND ", conditions)} AND name = @name{i} {Order} LIMIT @arm_limit) arm{i}");
            }

            sql = $"SELECT * FROM ({string.Join(" UNION ALL ", arms)}) named {Order} LIMIT @limit OFFSET @skip";
        }
        else
        {
            conditions.Add("(name = @name OR substr(name, 1, @prefix_length) = @name_prefix)");
            parameters.Add(("@name", filter.Name));
            parameters.Add(("@name_prefix", filter.Name + ":"));
            parameters.Add(("@prefix_length", filter.Name!.Length + 1));
            sql = $"SELECT * FROM executions WHERE {string.Join(" AND ", conditions)} {Order} LIMIT @limit OFFSET @skip";
        }

        return await connection.ListAsync(null, sql, ExecutionStore.Map, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    /// <summary>
    /// The execution names a name filter means: a name with a version is exact; a bare name is
    /// itself (built-in agents and inline runs) and every stored version of it (<c>name:v1</c>, …),
    /// since agent names never contain ':'. Null when there are too many versions for one walk each.
    /// </summary>
    private static async Task<List<string>?> NamesAsync(DbConnection connection, string tenantId, string name, CancellationToken cancellationToken)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return [name];
        }

        var versions = await connection.ListAsync(
            null,
            "SELECT version FROM agents WHERE tenant_id = @tenant AND name = @name ORDER BY version LIMIT @most",
            r => r.GetString(0),
            cancellationToken,
            ("@tenant", tenantId),
            ("@name", name),
            ("@most", MaxNameArms)).ConfigureAwait(false);
        return versions.Count >= MaxNameArms ? null : [name, .. versions.Select(v => string.Create(CultureInfo.InvariantCulture, $"{name}:{v}"))];
    }
}
