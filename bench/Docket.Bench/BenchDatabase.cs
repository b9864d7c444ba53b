using Docket.Data;
using Npgsql;

namespace Docket.Bench;

/// <summary>
/// A fresh database for one run on the PostgreSQL server of <c>--database postgres://…</c>
/// (whose user may create databases), dropped afterwards.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _adminUrl;
    private readonly string _name;

    private BenchDatabase(string adminUrl, string name)
    {
        _adminUrl = adminUrl;
        _name = name;
        Url = PostgresUrl.WithDatabase(adminUrl, name);
    }

    public string Url { get; }

    public static async Task<BenchDatabase> CreateAsync(string adminUrl, string prefix, CancellationToken cancellationToken)
    {
        var database = new BenchDatabase(adminUrl, $"{prefix}_{Guid.NewGuid():N}");
        await database.AdminAsync($"CREATE DATABASE {database._name} TEMPLATE template0", cancellationToken).ConfigureAwait(false);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        var builder = PostgresUrl.Parse(_adminUrl);
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
