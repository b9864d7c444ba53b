using System.Diagnostics;
using System.Text;
using System.Text.Json;

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
        args.RejectUnknown();
        var report = new Report("throughput");

        // Without workers nothing completes: the run then measures the submit path alone.
        var submitOnly = workers == 0;
        using var server = await ServerProcess.StartAsync(Servers.WithTestAgents(), workers, cancellationToken: cancellationToken).ConfigureAwait(false);
        var clients = Enumerable.Range(0, clientCount).Select(_ => server.CreateClient()).ToArray();
        try
        {
            Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}; warming up with {warmup} executions");
            await RunRoundAsync(clients, warmup, !submitOnly, cancellationToken).ConfigureAwait(false);

            Console.WriteLine($"measuring {executions} executions from {clientCount} clients{(submitOnly ? " (submit only: no workers)" : string.Empty)}");
            var serverCpu = server.CpuTime;
            var selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
            report.Watch(server);
            var round = await RunRoundAsync(clients, executions, !submitOnly, cancellationToken).ConfigureAwait(false);
            var serverCpuMs = (server.CpuTime - serverCpu).TotalMilliseconds;
            var selfCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - selfCpu).TotalMilliseconds;
            report.EndWatch();
            var rss = ProcStats.Rss(server.Pid);
            var peak = ProcStats.PeakRss(server.Pid);

            var expectedStatus = submitOnly ? "pending" : "completed";
            var found = await CountAsync(clients[0], expectedStatus, cancellationToken).ConfigureAwait(false);
            var failed = await CountAsync(clients[0], "failed", cancellationToken).ConfigureAwait(false);
            if (found != warmup + executions || failed != 0)
            {
                throw new InvalidOperationException($"Expected {warmup + executions} {expectedStatus} and 0 failed executions, found {found} and {failed}.");
            }

            var latencies = round.SubmitLatenciesMs;
            report.Set("executions", executions);
            report.Set("clients", clientCount);
            report.Set("workers", workers?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default");
            if (!submitOnly)
            {
                report.Add("completed_per_s", "completed executions/s (end to end)", executions / round.TotalMs * 1000, "/s", 0, atLeast: 1500);
            }

            report.Add("submitted_per_s", "submitted executions/s", executions / round.SubmitMs * 1000, "/s", 0);
            if (!submitOnly)
            {
                report.Add("total_ms", "first submit -> all completed", round.TotalMs, "ms", 0);
                report.Add("drain_ms", "last submit answered -> all completed", round.TotalMs - round.SubmitMs, "ms", 0);
            }

            report.Add("submit_p50_ms", "submit latency p50", Stats.Percentile(latencies, 50), "ms", 2);
            report.Add("submit_p99_ms", "submit latency p99", Stats.Percentile(latencies, 99), "ms", 2);
            report.Add("submit_max_ms", "submit latency max", latencies[^1], "ms", 1);
            report.Add("server_cpu_ms_per_execution", "server CPU per execution", serverCpuMs / executions, "ms", 3);
            report.Add("server_cores_busy", "server CPU (cores busy)", serverCpuMs / round.TotalMs, "cores", 2);
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

    private sealed record Round(double TotalMs, double SubmitMs, double[] SubmitLatenciesMs);

    /// <summary>
    /// Each client submits its share back to back, then long-polls the last execution it submitted
    /// (the queue is FIFO, so that one is among the last to run); finally the queue is confirmed
    /// empty: no execution pending or running. That costs a handful of requests, not one per
    /// execution, so completion checking does not compete with the load being measured.
    /// </summary>
    private static async Task<Round> RunRoundAsync(HttpClient[] clients, int executions, bool waitForCompletion, CancellationToken cancellationToken)
    {
        var latencies = new double[executions];
        var submitEnds = new long[clients.Length];
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
        return new Round(Stats.Ms(start, end), Stats.Ms(start, submitEnds.Max()), latencies);
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

    /// <summary>Counts executions in a status by paging through the list (after the measurement).</summary>
    private static async Task<int> CountAsync(HttpClient client, string status, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            using var page = await Api.GetJsonAsync(client, $"agent/executions?status={status}&limit=1000&skip={count}", cancellationToken).ConfigureAwait(false);
            var length = page.RootElement.GetArrayLength();
            count += length;
            if (length < 1000)
            {
                return count;
            }
        }
    }
}
