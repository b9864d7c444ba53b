using System.Security.Cryptography;
using System.Text;
using Docket.Data;
using Npgsql;

namespace Docket.Tests.Support;

/// <summary>
/// The shared stores the tests run on when CI provides them: <c>DOCKET_TEST_DATABASE</c>
/// (<c>postgres://…</c>, a server where the tests may create databases) and <c>DOCKET_TEST_BLOBS</c>
/// (<c>s3://bucket?endpoint=…</c>). Each test server gets its own database and key prefix, named
/// after its data directory, so a server restarted on the same directory finds its data again.
/// Unset, servers use SQLite and local blobs in the data directory.
/// </summary>
public static class TestStores
{
    public static string? Database => Environment.GetEnvironmentVariable("DOCKET_TEST_DATABASE") is { Length: > 0 } d ? d : null;

    public static string? Blobs => Environment.GetEnvironmentVariable("DOCKET_TEST_BLOBS") is { Length: > 0 } b ? b : null;

    public const string NoPostgres = "Needs PostgreSQL: set DOCKET_TEST_DATABASE=postgres://… (and DOCKET_TEST_BLOBS=s3://…), as .ci/run does.";

    /// <summary>A database of its own for the data directory, created on first use.</summary>
    public static async Task<string> DatabaseForAsync(string dataDirectory)
    {
        var name = NameFor(dataDirectory, "docket_");
        await using var connection = await OpenAdminAsync();
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is not null)
            {
                return PostgresUrl.WithDatabase(Database!, name);
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by a restart of the same server.
        }

        return PostgresUrl.WithDatabase(Database!, name);
    }

    /// <summary>The blob URL of the data directory: the shared bucket under a prefix of its own.</summary>
    public static string BlobsFor(string dataDirectory)
    {
        var blobs = Blobs!;
        var query = blobs.IndexOf('?', StringComparison.Ordinal);
        var (path, rest) = query < 0 ? (blobs, "") : (blobs[..query], blobs[query..]);
        return $"{path.TrimEnd('/')}/{NameFor(dataDirectory, "t-")}{rest}";
    }

    public static async Task DropDatabaseAsync(string dataDirectory)
    {
        await using var connection = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {NameFor(dataDirectory, "docket_")} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Points a server's settings at its own database and blob prefix when the shared stores are configured.</summary>
    public static async Task ApplyAsync(Server.Hosting.DocketHostSettings settings)
    {
        if (Database is not null)
        {
            settings.Configuration["Docket:Database:Url"] = await DatabaseForAsync(settings.DataDirectory);
        }

        if (Blobs is not null)
        {
            settings.Configuration["Docket:Blobs:Url"] = BlobsFor(settings.DataDirectory);
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var builder = PostgresUrl.Parse(Database ?? throw new InvalidOperationException(NoPostgres));
        builder.Pooling = false;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static string NameFor(string dataDirectory, string prefix) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..20];
}

/// <summary>A fact that needs the shared stores; skipped, saying why, when they are not configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestStores.Database is null)
        {
            Skip = TestStores.NoPostgres;
        }
    }
}
