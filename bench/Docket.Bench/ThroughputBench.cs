using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Docket.Bench;

/// <summary>
/// End-to-end executions per second: closed-loop clients submit <c>test/noop</c> executions and
/// the clock stops when every one of them has completed.
/// </summary>
internal static class ThroughputBench
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"name":"test/noop","inputs":{},"batch":true,"model":"vlmrun-orion-1:auto"}""");

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var executions = args.Int("executions", 10_000);
        var clientCount = args.Int("clients", 8);
        var warmup = args.Int("warmup", 500);
        var workers = args.OptionalInt("workers");
        var databaseUrl = args.Text("database");
        args.RejectUnknown();
        var report = new Report("throughput");

        // Without workers nothing completes: the run then measures the submit path alone.
        var submitOnly = workers == 0;
        await using var database = databaseUrl is null ? null : await BenchDatabase.CreateAsync(databaseUrl, "docket_bench", cancellationToken).ConfigureAwait(false);
        var environment = database is null ? null : new Dictionary<string, string> { ["DOCKET_DATABASE"] = database.Url };
        using var server = await ServerProcess.StartAsync(Servers.WithTestAgents(), workers, environment, cancellationToken).ConfigureAwait(false);
        var clients = Enumerable.Range(0, clientCount).Select(_ => server.CreateClient()).ToArray();
        try
        {
            Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}; warming up with {warmup} executions");
            await RunRoundAsync(clients, warmup, !submitOnly, server, cancellationToken).ConfigureAwait(false);

            Console.WriteLine($"measuring {executions} executions from {clientCount} clients{(submitOnly ? " (submit only: no workers)" : string.Empty)}");
            var serverCpu = server.CpuTime;
            var selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
            report.Watch(server);
            var round = await RunRoundAsync(clients, executions, !submitOnly, server, cancellationToken).ConfigureAwait(false);
            var serverCpuMs = (server.CpuTime - serverCpu).TotalMilliseconds;
            var selfCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - selfCpu).TotalMilliseconds;
            report.EndWatch();
            var rss = ProcStats.Rss(server.Pid);
            var peak = ProcStats.PeakRss(server.Pid);

            var expectedStatus = submitOnly ? "pending" : "completed";
            var found = await ListAsync(clients[0], expectedStatus, cancellationToken).ConfigureAwait(false);
            var failed = (await ListAsync(clients[0], "failed", cancellationToken).ConfigureAwait(false)).Count;
            if (found.Count != warmup + executions || failed != 0)
            {
                throw new InvalidOperationException($"Expected {warmup + executions} {expectedStatus} and 0 failed executions, found {found.Count} and {failed}.");
            }

            // How far the workers kept up while clients were still submitting, from completed_at.
            var completedWhileSubmitting = found.Count(at => at >= round.StartUtc && at <= round.SubmitEndUtc);

            var latencies = round.SubmitLatenciesMs;
            report.Set("executions", executions);
            report.Set("clients", clientCount);
            report.Set("workers", workers?.ToString(CultureInfo.InvariantCulture) ?? "default");
            report.Set("database", database is null ? "sqlite" : "postgres");
            if (!submitOnly)
            {
                report.Add("completed_per_s", "completed executions/s (end to end)", executions / round.TotalMs * 1000, "/s", 0, atLeast: 1500);
            }

            report.Add("submitted_per_s", "submitted executions/s", executions / round.SubmitMs * 1000, "/s", 0);
            if (!submitOnly)
            {
                report.Add("total_ms", "first submit -> all completed", round.TotalMs, "ms", 0);
                report.Add("drain_ms", "last submit answered -> all completed", round.TotalMs - round.SubmitMs, "ms", 0);
                report.Add("completed_per_s_submitting", "completions/s while submitting", completedWhileSubmitting / round.SubmitMs * 1000, "/s", 0);
                report.Add("completed_per_s_draining", "completions/s after the last submit", (executions - completedWhileSubmitting) / (round.TotalMs - round.SubmitMs) * 1000, "/s", 0);
            }

            report.Add("submit_p50_ms", "submit latency p50", Stats.Percentile(latencies, 50), "ms", 2);
            report.Add("submit_p99_ms", "submit latency p99", Stats.Percentile(latencies, 99), "ms", 2);
            report.Add("submit_max_ms", "submit latency max", latencies[^1], "ms", 1);
            report.Add("server_cpu_ms_per_execution", "server CPU per execution", serverCpuMs / executions, "ms", 3);
            report.Add("server_cores_busy", "server CPU (cores busy)", serverCpuMs / round.TotalMs, "cores", 2);
            report.Add("server_cores_busy_submitting", "  while submitting", round.ServerCpuSubmitting.TotalMilliseconds / round.SubmitMs, "cores", 2);
            if (!submitOnly)
            {
                report.Add("server_cores_busy_draining", "  while draining (no submits)", (serverCpuMs - round.ServerCpuSubmitting.TotalMilliseconds) / (round.TotalMs - round.SubmitMs), "cores", 2);
            }

            report.Add("client_cores_busy", "load generator CPU (cores busy)", selfCpuMs / round.TotalMs, "cores", 2);
            report.Add("server_rss_mb", "server RSS at the end", ProcStats.Mb(rss), "MB", 1);
            report.Add("server_peak_rss_mb", "server peak RSS (VmHWM)", ProcStats.Mb(peak), "MB", 1);
            report.Print();
            return 0;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <param name="ServerCpuSubmitting">Server CPU from the first submit until the last one was answered.</param>
    /// <param name="StartUtc">Wall clock at the first submit; <paramref name="SubmitEndUtc"/> when the last was answered.</param>
    private sealed record Round(double TotalMs, double SubmitMs, double[] SubmitLatenciesMs, TimeSpan ServerCpuSubmitting, DateTimeOffset StartUtc, DateTimeOffset SubmitEndUtc);

    /// <summary>
    /// Each client submits its share back to back, then long-polls the last execution it submitted
    /// (the queue is FIFO, so that one is among the last to run); finally the queue is confirmed
    /// empty: no execution pending or running. That costs a handful of requests, not one per
    /// execution, so completion checking does not compete with the load being measured.
    /// </summary>
    private static async Task<Round> RunRoundAsync(HttpClient[] clients, int executions, bool waitForCompletion, ServerProcess server, CancellationToken cancellationToken)
    {
        var latencies = new double[executions];
        var submitEnds = new long[clients.Length];
        var submitting = clients.Length;
        var cpuAtStart = server.CpuTime;
        var cpuSubmitting = TimeSpan.Zero;
        var submitEndUtc = DateTimeOffset.MinValue;
        var startUtc = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            string? last = null;
            for (var i = index; i < executions; i += clients.Length)
            {
                var before = Stopwatch.GetTimestamp();
                last = await Api.SubmitAsync(client, Body, cancellationToken).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
            }

            submitEnds[index] = Stopwatch.GetTimestamp();
            if (Interlocked.Decrement(ref submitting) == 0)
            {
                submitEndUtc = DateTimeOffset.UtcNow;
                cpuSubmitting = server.CpuTime - cpuAtStart;
            }

            if (waitForCompletion && last is not null)
            {
                await WaitTerminalAsync(client, last, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        if (waitForCompletion)
        {
            await WaitQueueEmptyAsync(clients[0], cancellationToken).ConfigureAwait(false);
        }

        var end = Stopwatch.GetTimestamp();
        Array.Sort(latencies);
        return new Round(Stats.Ms(start, end), Stats.Ms(start, submitEnds.Max()), latencies, cpuSubmitting, startUtc, submitEndUtc);
    }

    private static async Task WaitTerminalAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var document = await Api.GetJsonAsync(client, $"agent/executions/{id}?wait=30", cancellationToken).ConfigureAwait(false);
            if (document.RootElement.GetProperty("status").GetString() is "completed" or "failed")
            {
                return;
            }
        }
    }

    private static async Task WaitQueueEmptyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (true)
        {
            using var pending = await Api.GetJsonAsync(client, "agent/executions?status=pending&limit=1", cancellationToken).ConfigureAwait(false);
            if (pending.RootElement.GetArrayLength() == 0)
            {
                using var running = await Api.GetJsonAsync(client, "agent/executions?status=running&limit=1", cancellationToken).ConfigureAwait(false);
                if (running.RootElement.GetArrayLength() == 0)
                {
                    return;
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("Executions were still pending or running after 120 s.");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The <c>completed_at</c> (or, while not finished, <c>created_at</c>) of every execution in a
    /// status, paging through the list after the measurement.
    /// </summary>
    private static async Task<List<DateTimeOffset>> ListAsync(HttpClient client, string status, CancellationToken cancellationToken)
    {
        var times = new List<DateTimeOffset>();
        while (true)
        {
            using var page = await Api.GetJsonAsync(client, $"agent/executions?status={status}&limit=1000&skip={times.Count}", cancellationToken).ConfigureAwait(false);
            foreach (var execution in page.RootElement.EnumerateArray())
            {
                var at = execution.GetProperty("completed_at").GetString() ?? execution.GetProperty("created_at").GetString()!;
                times.Add(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            }

            if (page.RootElement.GetArrayLength() < 1000)
            {
                return times;
            }
        }
    }
}
