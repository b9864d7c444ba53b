using Docket.Data;

namespace Docket.Tests.Data;

/// <summary>The embedded store's group commit: concurrent writes share transactions but fail alone.</summary>
public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "docket.db"));
        await _database.MigrateAsync(CancellationToken.None);
        await _database.WriteAsync((c, t) => c.ExecuteAsync(t, "CREATE TABLE t (n INTEGER PRIMARY KEY)", CancellationToken.None), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ConcurrentWrites_OneFailing_RollsBackOnlyItsOwnChanges()
    {
        var writes = Enumerable.Range(1, 200).Select(n => Task.Run(() => _database.WriteAsync(
            async (c, t) =>
            {
                await c.ExecuteAsync(t, "INSERT INTO t (n) VALUES (@n)", CancellationToken.None, ("@n", n));
                if (n % 5 == 0)
                {
                    throw new InvalidOperationException($"write {n} fails after inserting");
                }

                return n;
            },
            CancellationToken.None))).ToList();

        foreach (var (write, n) in writes.Select((w, i) => (w, i + 1)))
        {
            if (n % 5 == 0)
            {
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write);
                Assert.Contains($"write {n} fails", error.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(n, await write);
            }
        }

        var stored = await _database.ReadAsync(c => c.ListAsync(null, "SELECT n FROM t ORDER BY n", r => r.GetInt64(0), CancellationToken.None), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 200).Where(n => n % 5 != 0).Select(n => (long)n), stored);
    }

    [Fact]
    public async Task AWriteCancelledBeforeItRuns_IsSkipped()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _database.WriteAsync((c, t) => c.ExecuteAsync(t, "INSERT INTO t (n) VALUES (1)", cancelled.Token), cancelled.Token));

        Assert.Equal(0, await _database.ReadAsync(c => c.CountAsync(null, "SELECT COUNT(*) FROM t", CancellationToken.None), CancellationToken.None));
    }
}
