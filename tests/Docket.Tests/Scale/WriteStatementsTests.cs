using Docket.Data;
using Docket.Tests.Support;
using Npgsql;

namespace Docket.Tests.Scale;

/// <summary>
/// Statement writes, which PostgreSQL sends together when they arrive at once: each write still
/// commits or fails on its own, atomically, and gets back its own rows.
/// </summary>
public sealed class WriteStatementsTests
{
    private const string Insert = "INSERT INTO scratch (key, value) VALUES (@key, @value) RETURNING seq, key";

    [PostgresFact]
    public async Task ConcurrentWrites_WithSomeFailing_CommitOrFailEachOnItsOwn()
    {
        await WithDatabaseAsync(async database =>
        {
            // 400 writes at once, each of two inserts; every tenth collides with a key inserted
            // before, which must fail that write alone and keep none of it.
            await database.WriteStatementsAsync([new WriteStatement<long>(Insert, r => r.GetInt64(0), ("@key", "taken"), ("@value", -1L))], CancellationToken.None);
            var writes = Enumerable.Range(0, 400).Select(i => new[]
            {
                new WriteStatement<(long Seq, string Key)>(Insert, r => (r.GetInt64(0), r.GetString(1)), ("@key", $"a{i}"), ("@value", (long)i)),
                new WriteStatement<(long Seq, string Key)>(Insert, r => (r.GetInt64(0), r.GetString(1)), ("@key", i % 10 == 0 ? "taken" : $"b{i}"), ("@value", (long)i)),
            }).ToList();
            var outcomes = await Task.WhenAll(writes.Select(async w =>
            {
                try
                {
                    await database.WriteStatementsAsync(w, CancellationToken.None);
                    return null;
                }
                catch (PostgresException exception)
                {
                    return exception.SqlState;
                }
            }));

            for (var i = 0; i < writes.Count; i++)
            {
                if (i % 10 == 0)
                {
                    Assert.Equal(PostgresErrorCodes.UniqueViolation, outcomes[i]);
                }
                else
                {
                    Assert.Null(outcomes[i]);
                    Assert.Equal($"a{i}", Assert.Single(writes[i][0].Rows).Key);
                    Assert.Equal($"b{i}", Assert.Single(writes[i][1].Rows).Key);
                }
            }

            var keys = await database.ReadAsync(c => c.ListAsync(null, "SELECT key FROM scratch WHERE key <> 'taken' ORDER BY key", r => r.GetString(0), CancellationToken.None), CancellationToken.None);
            var expected = Enumerable.Range(0, 400).Where(i => i % 10 != 0).SelectMany(i => new[] { $"a{i}", $"b{i}" }).Order(StringComparer.Ordinal);
            Assert.Equal(expected, keys);
        });
    }

    [PostgresFact]
    public async Task Write_ReadsWhatItsEarlierStatementsWrote_AndEmptyResultsStayEmpty()
    {
        await WithDatabaseAsync(async database =>
        {
            var insert = new WriteStatement<long>(Insert, r => r.GetInt64(0), ("@key", "k"), ("@value", 1L));
            var update = new WriteStatement<long>("UPDATE scratch SET value = value + 1 WHERE key = @key RETURNING value", r => r.GetInt64(0), ("@key", "k"));
            var none = new WriteStatement<long>("UPDATE scratch SET value = 0 WHERE key = @key RETURNING value", r => r.GetInt64(0), ("@key", "missing"));
            await database.WriteStatementsAsync([insert, update, none], CancellationToken.None);

            Assert.Single(insert.Rows);
            Assert.Equal([2L], update.Rows);
            Assert.Empty(none.Rows);
        });
    }

    private static async Task WithDatabaseAsync(Func<PostgresDatabase, Task> test)
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", "statements-" + Guid.NewGuid().ToString("N"));
        var url = await TestStores.DatabaseForAsync(data);
        try
        {
            await using var database = new PostgresDatabase(new DatabaseOptions { Url = url });
            await database.WriteAsync((c, t) => c.ExecuteAsync(t, "CREATE TABLE scratch (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE, value BIGINT NOT NULL)", CancellationToken.None), CancellationToken.None);
            await test(database);
        }
        finally
        {
            await TestStores.DropDatabaseAsync(data);
        }
    }
}
