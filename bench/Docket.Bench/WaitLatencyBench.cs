using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Docket.Bench;

/// <summary>
/// How soon a waiter learns that an execution completed: the wall clock when the long-poll answer
/// (or the SSE event) arrives minus the execution's <c>completed_at</c>. Server and benchmark share
/// one machine and so one clock; <c>completed_at</c> is truncated to the millisecond, which adds
/// 0 to 1 ms to every figure.
/// </summary>
internal static class WaitLatencyBench
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"name":"test/sleep","inputs":{},"config":{"sleep_ms":50},"batch":true,"model":"vlmrun-orion-1:auto"}""");

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var samples = args.Int("samples", 200);
        var warmup = args.Int("warmup", 20);
        args.RejectUnknown();
        var report = new Report("wait-latency");

        using var server = await ServerProcess.StartAsync(Servers.WithTestAgents(), workers: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var client = server.CreateClient();
        using var waiter = server.CreateClient();
        Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}; {warmup} warm-up and {samples} measured samples of each kind, one at a time");
        report.Watch(server);
        var longPoll = new List<double>();
        var sse = new List<double>();
        for (var i = 0; i < warmup + samples; i++)
        {
            // Alternate the two kinds so both see the same conditions.
            var polled = await LongPollAsync(client, waiter, cancellationToken).ConfigureAwait(false);
            var streamed = await ServerSentEventsAsync(client, waiter, cancellationToken).ConfigureAwait(false);
            if (i >= warmup)
            {
                longPoll.Add(polled);
                sse.Add(streamed);
            }
        }

        longPoll.Sort();
        sse.Sort();
        report.Set("samples", samples);
        report.Set("sleep_ms", 50);
        foreach (var (key, label, values) in new[] { ("long_poll", "long-poll ?wait=10", longPoll), ("sse", "SSE /events", sse) })
        {
            report.Add($"{key}_p50_ms", $"{label} p50", Stats.Percentile(values, 50), "ms", 2, atMost: 10);
            report.Add($"{key}_p90_ms", $"{label} p90", Stats.Percentile(values, 90), "ms", 2);
            report.Add($"{key}_p99_ms", $"{label} p99", Stats.Percentile(values, 99), "ms", 2);
            report.Add($"{key}_max_ms", $"{label} max", values[^1], "ms", 2);
        }

        report.Print();
        return 0;
    }

    private static async Task<double> LongPollAsync(HttpClient client, HttpClient waiter, CancellationToken cancellationToken)
    {
        var id = await Api.SubmitAsync(client, Body, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var document = await Api.GetJsonAsync(waiter, $"agent/executions/{id}?wait=10", cancellationToken).ConfigureAwait(false);
            var arrived = DateTimeOffset.UtcNow;
            var root = document.RootElement;
            if (Latency(root, arrived) is { } latency)
            {
                return latency;
            }
        }
    }

    private static async Task<double> ServerSentEventsAsync(HttpClient client, HttpClient waiter, CancellationToken cancellationToken)
    {
        var id = await Api.SubmitAsync(client, Body, cancellationToken).ConfigureAwait(false);
        using var response = await waiter.GetAsync(new Uri($"agent/executions/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var arrived = DateTimeOffset.UtcNow;
            using var document = JsonDocument.Parse(line.AsMemory(6));
            if (Latency(document.RootElement, arrived) is { } latency)
            {
                // Read to the end so that the connection is reused, not dropped.
                await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                return latency;
            }
        }

        throw new InvalidOperationException($"The event stream of {id} ended before a terminal event.");
    }

    /// <summary>Null while the execution is not terminal yet.</summary>
    private static double? Latency(JsonElement execution, DateTimeOffset arrived)
    {
        var status = execution.GetProperty("status").GetString();
        if (status is not ("completed" or "failed"))
        {
            return null;
        }

        if (status != "completed")
        {
            throw new InvalidOperationException($"Execution ended {status}: {execution}");
        }

        var completedAt = DateTimeOffset.Parse(execution.GetProperty("completed_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (arrived - completedAt).TotalMilliseconds;
    }
}
