using System.Security.Cryptography;
using Docket.Blobs;
using Docket.Data;
using Docket.Tests.Support;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Scale;

/// <summary>What only a shared store has to get right: many nodes migrating, waking and storing at once.</summary>
public sealed class PostgresStoreTests
{
    [PostgresFact]
    public async Task Migrate_FromSeveralNodesAtOnce_AppliesEveryStepExactlyOnce()
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", "migrate-" + Guid.NewGuid().ToString("N"));
        var url = await TestStores.DatabaseForAsync(data);
        try
        {
            var nodes = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(new DatabaseOptions { Url = url })).ToList();
            await Task.WhenAll(nodes.Select(n => n.MigrateAsync(CancellationToken.None)));

            // A late node finds nothing left to do.
            await nodes[0].MigrateAsync(CancellationToken.None);
            var versions = await nodes[0].ReadAsync(
                c => c.ListAsync(null, "SELECT version FROM schema_migrations ORDER BY version", r => r.GetInt64(0), CancellationToken.None),
                CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, new PostgresDialect().Migrations.Count).Select(v => (long)v), versions);
            var tables = await nodes[0].ReadAsync(
                c => c.ListAsync(null, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", r => r.GetString(0), CancellationToken.None),
                CancellationToken.None);
            Assert.Equal(
                ["agents", "api_keys", "artifacts", "execution_events", "execution_steps", "executions", "feedback", "files", "model_calls", "schema_migrations", "tenants", "webhook_attempts", "webhook_deliveries"],
                tables);
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
        finally
        {
            await TestStores.DropDatabaseAsync(data);
        }
    }

    [PostgresFact]
    public async Task QueueVacuum_AfterHeavyChurn_VacuumsTheExecutionsTable_AndNotBefore()
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", "vacuum-" + Guid.NewGuid().ToString("N"));
        var url = await TestStores.DatabaseForAsync(data);
        try
        {
            await using var database = new PostgresDatabase(new DatabaseOptions { Url = url });
            await database.MigrateAsync(CancellationToken.None);
            var vacuum = new PostgresQueueVacuum(database, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresQueueVacuum>.Instance);
            Assert.False(await vacuum.VacuumIfDueAsync(CancellationToken.None));

            // 3,000 executions, each claimed once: 3,000 dead versions, as many as live rows.
            await database.WriteAsync(
                (c, t) => c.ExecuteAsync(
                    t,
                    """
                    INSERT INTO executions (id, tenant_id, name, handler, status, priority, config, inputs, toolsets, fingerprint, max_attempts, run_after, created_at)
                    SELECT 'e' || n, 't', 'noop', 'test/noop', 'pending', 1, '{}', '[]', '[]', 'f', 1, 0, n FROM generate_series(1, 3000) n
                    """,
                    CancellationToken.None),
                CancellationToken.None);
            await database.WriteAsync((c, t) => c.ExecuteAsync(t, "UPDATE executions SET status = 'running', attempt = 1", CancellationToken.None), CancellationToken.None);

            // The statistics reach the shared counters within about a second.
            var vacuumed = false;
            for (var i = 0; i < 100 && !vacuumed; i++)
            {
                vacuumed = await vacuum.VacuumIfDueAsync(CancellationToken.None) == true;
                if (!vacuumed)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(vacuumed);
            var vacuums = await database.ReadAsync(c => c.CountAsync(null, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'executions'::regclass", CancellationToken.None), CancellationToken.None);
            Assert.Equal(1, vacuums);
            Assert.False(await vacuum.VacuumIfDueAsync(CancellationToken.None));
        }
        finally
        {
            await TestStores.DropDatabaseAsync(data);
        }
    }

    [PostgresFact]
    public async Task QueueVacuum_ForARoleThatDoesNotOwnTheTables_LeavesThemToAutovacuum()
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", "vacuum-role-" + Guid.NewGuid().ToString("N"));
        var url = await TestStores.DatabaseForAsync(data);
        var role = "reader_" + Guid.NewGuid().ToString("N")[..12];
        await using var owner = new PostgresDatabase(new DatabaseOptions { Url = url });
        try
        {
            await owner.MigrateAsync(CancellationToken.None);
            await owner.WriteAsync((c, t) => c.ExecuteAsync(t, $"CREATE ROLE {role} LOGIN", CancellationToken.None), CancellationToken.None);
            var builder = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = role, Password = null };
            await using var other = new PostgresDatabase(new DatabaseOptions { Url = $"postgres://{role}@{builder.Host}:{builder.Port}/{builder.Database}" });
            var vacuum = new PostgresQueueVacuum(other, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresQueueVacuum>.Instance);

            Assert.Null(await vacuum.VacuumIfDueAsync(CancellationToken.None));
        }
        finally
        {
            await owner.WriteAsync((c, t) => c.ExecuteAsync(t, $"DROP ROLE IF EXISTS {role}", CancellationToken.None), CancellationToken.None);
            await TestStores.DropDatabaseAsync(data);
        }
    }

    [PostgresFact]
    public async Task LongPollOnAnApiNode_ReturnsWithin50ms_OfACompletionByAWorkerOnAnotherNode()
    {
        // Node A serves the API only and would look at the database every 30 s by itself: only
        // the change feed from node B's worker can wake it in time.
        await using var b = await DocketTestServer.StartAsync(s => s.Workers = 2);

        // The same data directory names the same database and blob prefix (and holds the admin key).
        var a = await DocketTestServer.StartAsync(
            s =>
            {
                s.Workers = 0;
                s.Configuration["Docket:Queue:PollSeconds"] = "30";
            },
            dataDirectory: b.DataDirectory);
        try
        {
            await LongPollLatenciesAsync(a, b);
        }
        finally
        {
            await a.StopAsync();
        }
    }

    private static async Task LongPollLatenciesAsync(DocketTestServer a, DocketTestServer b)
    {
        using var client = a.CreateClient(b.AdminKey);
        await a.Services.GetRequiredService<PostgresChangeFeed>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

        var latencies = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var id = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":300}}""");
            var (status, body) = await client.GetJsonAsync($"agent/executions/{id}?wait=20");
            var returned = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Assert.Equal(200, status);
            Assert.Equal("completed", body!["status"]!.GetValue<string>());
            var completedAt = DateTimeOffset.Parse(body["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            latencies.Add(returned - completedAt);
        }

        // Every wake-up is far below the 30 s poll, and the typical one within 50 ms of the
        // worker's completion (measured from the completion time it recorded, so it includes
        // the commit, the notification, node A's reads and the response). A machine running
        // more than two runnable tasks per core delays every step of that chain, so the bound
        // widens there, and the message says so.
        latencies.Sort();
        var load = LoadPerCore();
        var bound = load > 2 ? 250 : 50;
        var figures = $"{string.Join(", ", latencies)} ms; load average {load:F1} per core";
        Assert.True(latencies[^1] < 1000, $"a long-poll returned {latencies[^1]} ms after the completion: {figures}");
        Assert.True(latencies[latencies.Count / 2] < bound, $"median wake-up over {bound} ms after the completion: {figures}");
    }

    private static double LoadPerCore()
    {
        var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "0";
        return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / Environment.ProcessorCount;
    }

    [PostgresFact]
    public async Task S3Store_LargeBlob_GoesUpInPartsAndComesBackByteForByte()
    {
        if (TestStores.Blobs is null)
        {
            return;
        }

        var local = Path.Combine(Path.GetTempPath(), "docket-tests", "s3-" + Guid.NewGuid().ToString("N"));
        using var store = new S3BlobStore(S3BlobLocation.Parse(TestStores.BlobsFor(local)), local);
        try
        {
            // 40 MiB: three 16 MiB parts; written from a stream, so never whole in memory here.
            var bytes = new byte[40 << 20];
            new Random(7).NextBytes(bytes);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            await using (var source = new MemoryStream(bytes, writable: false))
            {
                var written = await HashingBlobWriter.WriteAsync(source, store.TemporaryDirectory, long.MaxValue, CancellationToken.None);
                Assert.Equal(sha256, written.Sha256);
                await store.PutFileAsync(written.Sha256, written.TemporaryPath, CancellationToken.None);
                Assert.False(File.Exists(written.TemporaryPath));
            }

            Assert.True(await store.ExistsAsync(sha256, CancellationToken.None));
            await using (var read = await store.OpenReadAsync(sha256, CancellationToken.None))
            {
                Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
            }

            var path = await store.GetLocalPathAsync(sha256, CancellationToken.None);
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));

            await store.DeleteAsync(sha256, CancellationToken.None);
            Assert.False(await store.ExistsAsync(sha256, CancellationToken.None));
            Assert.False(File.Exists(path));
            await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(sha256, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
    }
}
