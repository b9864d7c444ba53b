using System.Diagnostics;
using Docket.Data;
using Docket.Queue;

namespace Docket.Bench;

/// <summary>
/// How long one claim takes with a deep queue: <c>--queued</c> pending executions of mixed
/// priorities, then worker-style claims (the same statement and window as the worker pool) from
/// <c>--claimers</c> concurrent claimers, each timed. SQLite in a temporary file, or a fresh
/// database on <c>--database postgres://…</c>. In process: no HTTP, only the store.
/// </summary>
internal static class ClaimLatencyBench
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var queued = args.Int("queued", 10_000);
        var samples = args.Int("samples", 2_000);
        var claimers = args.Int("claimers", 4);
        var databaseUrl = args.Text("database");
        args.RejectUnknown();
        var report = new Report("claim-latency");

        var directory = Path.Combine(Path.GetTempPath(), "docket-bench", Guid.NewGuid().ToString("N"));
        await using var created = databaseUrl is null ? null : await BenchDatabase.CreateAsync(databaseUrl, "docket_claims", cancellationToken).ConfigureAwait(false);
        IDocketDatabase database = created is null
            ? new SqliteDatabase(Path.Combine(directory, "docket.db"))
            : new PostgresDatabase(new DatabaseOptions { Url = created.Url, MaxPoolSize = claimers + 4 });
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);

            // The claims take `samples` executions (and a warm-up): queue that many more, so
            // at least `queued` stay queued throughout.
            const int Warmup = 100;
            Console.WriteLine($"{database.Dialect.Name}: queueing {queued + samples + Warmup} executions");
            await FillAsync(database, queued + samples + Warmup, cancellationToken).ConfigureAwait(false);

            var queue = new ExecutionQueue(database);
            await ClaimAsync(queue, Warmup, 1, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"measuring {samples} claims from {claimers} claimers");
            var machine = MachineCpu.Now();
            var started = Stopwatch.GetTimestamp();
            var latencies = await ClaimAsync(queue, samples, claimers, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Array.Sort(latencies);

            report.Set("database", database.Dialect.Name);
            report.Set("queued", queued);
            report.Set("claimers", claimers);
            report.Set("machine_cores_busy", Math.Round(MachineCpu.Now().CoresBusySince(machine), 2));
            report.Add("claim_p50_ms", "claim latency p50", Stats.Percentile(latencies, 50), "ms", 2);
            report.Add("claim_p99_ms", "claim latency p99", Stats.Percentile(latencies, 99), "ms", 2, atMost: 20);
            report.Add("claim_max_ms", "claim latency max", latencies[^1], "ms", 1);
            report.Add("claims_per_s", "claims/s", samples / elapsed.TotalSeconds, "/s", 0);
            report.Print();
            return 0;
        }
        finally
        {
            await database.DisposeAsync().ConfigureAwait(false);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task FillAsync(IDocketDatabase database, int count, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var done = 0; done < count;)
        {
            var batch = Math.Min(1000, count - done);
            var first = done;
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    for (var i = first; i < first + batch; i++)
                    {
                        await connection.ExecuteAsync(
                            transaction,
                            """
                            INSERT INTO executions (id, tenant_id, name, handler, status, priority, config, inputs, toolsets, fingerprint, max_attempts, run_after, created_at)
                            VALUES (@id, 'bench', 'test/noop', 'test/noop', 'pending', @priority, '{}', '{}', '[]', @id, 3, @now, @now)
                            """,
                            cancellationToken,
                            ("@id", Common.Ids.New()),
                            ("@priority", (long)random.Next(3)),
                            ("@now", now)).ConfigureAwait(false);
                    }

                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
            done += batch;
        }
    }

    private static async Task<double[]> ClaimAsync(ExecutionQueue queue, int count, int claimers, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, claimers).Select(async c =>
        {
            var worker = $"bench/{c}";
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var before = Stopwatch.GetTimestamp();
                var claimed = await queue.ClaimAsync(new ClaimWindow(worker, now, now - 60_000, now + 15_000), cancellationToken).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                if (claimed is null)
                {
                    throw new InvalidOperationException("The queue ran dry: nothing was claimed.");
                }
            }
        })).ConfigureAwait(false);
        return latencies;
    }
}
