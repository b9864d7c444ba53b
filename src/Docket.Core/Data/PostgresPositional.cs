using System.Collections.Concurrent;
using System.Text;
using Npgsql;

namespace Docket.Data;

/// <summary>
/// Docket's SQL names its parameters (<c>@id</c>); PostgreSQL numbers them (<c>$1</c>). Npgsql
/// rewrites named parameters by parsing the SQL on every execution. For the hot statements the
/// rewrite is done here once per distinct SQL text and cached, and the values are sent in order,
/// which Npgsql passes through without parsing.
/// </summary>
internal static class PostgresPositional
{
    private static readonly ConcurrentDictionary<string, (string Sql, string[] Names)> Cache = new(StringComparer.Ordinal);

    /// <summary>A batch command for <paramref name="sql"/> with its named parameters sent by position.</summary>
    public static NpgsqlBatchCommand Command(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var (text, names) = Cache.GetOrAdd(sql, Rewrite);
        var command = new NpgsqlBatchCommand(text);
        foreach (var name in names)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Find(parameters, name) ?? DBNull.Value });
        }

        return command;
    }

    private static object? Find(IReadOnlyList<(string Name, object? Value)> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return parameters[i].Value;
            }
        }

        throw new ArgumentException($"The SQL uses parameter {name}, which the statement does not give.", nameof(parameters));
    }

    /// <summary>
    /// Replaces each <c>@name</c> outside string literals, quoted identifiers and comments by
    /// <c>$n</c>, the same number for every use of a name; returns the names in number order.
    /// </summary>
    internal static (string Sql, string[] Names) Rewrite(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length : end + 1;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '@' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                var name = sql[i..end];
                var index = names.IndexOf(name);
                if (index < 0)
                {
                    names.Add(name);
                    index = names.Count - 1;
                }

                text.Append('$').Append(index + 1);
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return (text.ToString(), [.. names]);
    }
}
