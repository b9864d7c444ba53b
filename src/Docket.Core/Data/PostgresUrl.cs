using Npgsql;

namespace Docket.Data;

/// <summary>
/// Reads <c>postgres://user:password@host:port/database?option=value</c> into a connection string.
/// Options are Npgsql's connection-string keywords with underscores for spaces
/// (<c>sslmode=require</c>, <c>host=/var/run/postgresql</c> for a socket directory).
/// </summary>
public static class PostgresUrl
{
    public static bool IsPostgres(string? url) =>
        url is not null && (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (!IsPostgres(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"Not a PostgreSQL URL (postgres://user:password@host:port/database): '{Redact(url)}'.", nameof(url));
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Length > 0 ? uri.Host : "localhost",
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database.Length > 0 ? database : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            key = Uri.UnescapeDataString(key).Replace('_', ' ');
            try
            {
                builder[key] = Uri.UnescapeDataString(value);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"'{key}' in the PostgreSQL URL is not a connection option Npgsql knows.", nameof(url));
            }
        }

        return builder;
    }

    /// <summary>The URL without its password, for messages and logs.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? url.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : url;

    /// <summary>The same server and credentials with another database.</summary>
    public static string WithDatabase(string url, string database) =>
        new UriBuilder(url) { Path = "/" + Uri.EscapeDataString(database) }.Uri.AbsoluteUri;
}
