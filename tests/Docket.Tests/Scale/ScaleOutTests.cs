using System.Globalization;
using Docket.Data;
using Docket.Tests.Support;

namespace Docket.Tests.Scale;

/// <summary>
/// Several real `docket` processes on one PostgreSQL and one S3 endpoint: two API-only nodes and
/// three worker processes, one of which is SIGKILLed mid-run while an API node restarts.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const int Executions = 2000;
    private const int Concurrency = 4;
    private static readonly string[] PriorityNames = ["low", "normal", "high"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "docket-tests", "scale-" + Guid.NewGuid().ToString("N"));
    private readonly List<DocketProcess> _processes = [];
    private Dictionary<string, string> _environment = [];
    private PostgresDatabase? _database;

    public async Task InitializeAsync()
    {
        if (TestStores.Database is null)
        {
            return;
        }

        var url = await TestStores.DatabaseForAsync(_root);
        _environment = new Dictionary<string, string>
        {
            ["DOCKET_DATABASE"] = url,
            ["DOCKET_CONFIG__Queue__LeaseSeconds"] = "2",

            // Strict priority for the whole run: on a slow machine the run may outlast the
            // default aging bound (60 s), after which the oldest executions rightly go first.
            ["DOCKET_CONFIG__Queue__AgingSeconds"] = "3600",
            ["DOCKET_CONFIG__Queue__ShutdownGraceSeconds"] = "5",
        };
        if (TestStores.Blobs is not null)
        {
            _environment["DOCKET_BLOBS"] = TestStores.BlobsFor(_root);
        }

        _database = new PostgresDatabase(new DatabaseOptions { Url = url });
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
            await TestStores.DropDatabaseAsync(_root);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [PostgresFact]
    public async Task TwoApiNodesAndThreeWorkers_OneWorkerKilledAndOneNodeRestarted_CompleteEveryExecutionExactlyOnceInPriorityOrder()
    {
        var apis = await Task.WhenAll(StartApiAsync("api-0"), StartApiAsync("api-1"));
        var clients = apis.Select(a => a.CreateClient()).ToArray();

        // Everything is queued before any worker runs, so the claim order shows the priorities:
        // all three are queued at once throughout the high-priority part of the run.
        var submitted = new Dictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Executions), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var priority = i % 3;
            var id = await clients[i % 2].ExecuteAsync($$"""{"name":"test/sleep","config":{"sleep_ms":5},"priority":"{{PriorityNames[priority]}}"}""");
            lock (submitted)
            {
                submitted[id] = priority;
            }
        });
        Assert.Equal(Executions, submitted.Count);

        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StartWorkerAsync($"worker-{i}")));
        // The kill and the restart come once the high and normal executions have run, so that
        // their claim order is judged on an undisturbed queue; the low ones still queued are then
        // taken over from the killed worker.
        await WaitForCompletedAsync(Executions * 3 / 4, seconds: 120);
        workers[0].Kill();

        // Restart an API node mid-run: the new process joins the same database.
        apis[1].Kill();
        clients[1].Dispose();
        apis[1] = await StartApiAsync("api-1b");
        clients[1] = apis[1].CreateClient();

        await WaitForCompletedAsync(Executions, seconds: 180);

        // Submitted on node 0, run by a worker process, awaited on the restarted node 1.
        var last = await clients[0].ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":200}}""");
        Assert.Equal("completed", (await clients[1].WaitAsync(last))["status"]!.GetValue<string>());

        var rows = await _database!.ReadAsync(
            c => c.ListAsync(
                null,
                """
                SELECT e.id, e.status, e.attempt, e.response IS NOT NULL AS has_response,
                    (SELECT COUNT(*) FROM execution_events v WHERE v.execution_id = e.id AND v.status = 'completed') AS completions,
                    (SELECT COUNT(*) FROM execution_events v WHERE v.execution_id = e.id AND v.status = 'running') AS claims,
                    (SELECT MIN(v.seq) FROM execution_events v WHERE v.execution_id = e.id AND v.status = 'running') AS first_claim,
                    e.started_at
                FROM executions e
                """,
                r => (Id: r.GetString(0), Status: r.GetString(1), Attempt: r.GetInt64(2), HasResponse: r.GetBoolean(3), Completions: r.GetInt64(4), Claims: r.GetInt64(5), FirstClaim: r.GetInt64(6), StartedAt: r.GetInt64(7)),
                CancellationToken.None),
            CancellationToken.None);
        rows = [.. rows.Where(r => submitted.ContainsKey(r.Id))];

        // None lost, each completed exactly once with its one result, every attempt recorded.
        Assert.Equal(Executions, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("completed", r.Status);
            Assert.True(r.HasResponse);
            Assert.Equal(1, r.Completions);
            Assert.Equal(r.Attempt, r.Claims);
        });

        // The killed worker's executions were taken again by the others (a second attempt).
        Assert.Contains(rows, r => r.Attempt > 1);

        // Claims in priority order, give or take the claims in flight at once around each
        // boundary (every worker slot of the three processes, twice). Ordered by when each
        // first claim was issued (started_at, the worker's clock as it sent the claim), not by
        // when the database ran it: on a busy machine a database backend may stall between
        // locking its row and recording the claim while others go on past the locked row.
        // Executions the killed worker held are left out: started_at is their second claim's,
        // made only once their lease ran out, rightly after the queue had moved on.
        var ordered = rows.Where(r => r.Attempt == 1).OrderBy(r => r.StartedAt).ThenBy(r => r.FirstClaim).ToList();
        var order = ordered.Select(r => submitted[r.Id]).ToList();
        var lastHigh = order.FindLastIndex(p => p == 2);
        var firstStart = ordered[0].StartedAt;
        var late = string.Join("; ", ordered.Skip(Math.Max(0, lastHigh - 3)).Take(6).Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Id} p{submitted[r.Id]} attempt {r.Attempt} claims {r.Claims} +{r.StartedAt - firstStart} ms seq {r.FirstClaim}")));
        var window = 3 * Concurrency * 2;
        var high = order.Count(p => p == 2);
        var normal = order.Count(p => p == 1);
        Assert.True(order.FindLastIndex(p => p == 2) < high + window, $"a high-priority execution was first claimed at position {lastHigh} of {order.Count} ({high} high): {late}");
        Assert.True(order.FindLastIndex(p => p == 1) < high + normal + window, $"a normal-priority execution was first claimed at position {order.FindLastIndex(p => p == 1)} ({high + normal} high or normal)");
        Assert.True(order.FindIndex(p => p == 0) > high + normal - window, $"a low-priority execution was first claimed at position {order.FindIndex(p => p == 0)}");
    }

    [PostgresFact]
    public async Task WorkerStoppedWithSigterm_FinishesShortWorkWithinTheGrace_AndHandsBackTheRestForAnotherWorker()
    {
        _environment["DOCKET_CONFIG__Queue__ShutdownGraceSeconds"] = "3";
        var api = await StartApiAsync("api");
        using var client = api.CreateClient();
        var worker = await StartWorkerAsync("worker-a");
        var quick = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":1500}}""");
        var slow = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":6000}}""");
        await Eventually.TrueAsync(async () =>
            (await client.GetJsonAsync($"agent/executions/{quick}")).Body!["status"]!.GetValue<string>() == "running"
            && (await client.GetJsonAsync($"agent/executions/{slow}")).Body!["status"]!.GetValue<string>() == "running");

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(20)));
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0, 3 + 5);

        // The short one finished inside the grace period; the long one went back to the queue
        // without spending an attempt, and nothing claimed anything after the signal.
        var finished = (await client.GetJsonAsync($"agent/executions/{quick}")).Body!;
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        var released = await _database!.ReadAsync(
            c => c.ListAsync(null, "SELECT status, attempt, worker_id FROM executions WHERE id = @id", r => (Status: r.GetString(0), Attempt: r.GetInt64(1), Worker: r.IsDBNull(2) ? null : r.GetString(2)), CancellationToken.None, ("@id", slow)),
            CancellationToken.None);
        Assert.Equal(("pending", 0L, (string?)null), released.Single());

        await StartWorkerAsync("worker-b");
        var done = await client.WaitAsync(slow, seconds: 30);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(1, done["response"]!["attempt"]!.GetValue<int>());
    }

    private async Task<DocketProcess> StartApiAsync(string name)
    {
        var process = await DocketProcess.StartServeAsync(Path.Combine(_root, name), _environment, workers: 0);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private async Task<DocketProcess> StartWorkerAsync(string name)
    {
        var process = await DocketProcess.StartWorkerAsync(Path.Combine(_root, name), Concurrency, _environment);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private Task WaitForCompletedAsync(int count, double seconds) =>
        Eventually.TrueAsync(
            async () => await _database!.ReadAsync(c => c.CountAsync(null, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", CancellationToken.None), CancellationToken.None) >= count,
            seconds,
            string.Create(CultureInfo.InvariantCulture, $"fewer than {count} executions completed within {seconds} s"));
}
