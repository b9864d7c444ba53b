namespace Docket.Bench;

/// <summary>
/// Start-up and idle footprint of the real <c>docket serve</c>: time to ready on a fresh data
/// directory, and resident memory after it has sat idle for two seconds.
/// </summary>
internal static class IdleBench
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var runs = args.Int("runs", 3);
        var docket = args.Text("docket");
        args.RejectUnknown();
        var report = new Report("idle");

        var listening = new List<double>();
        var healthy = new List<double>();
        var rss = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var server = await ServerProcess.StartAsync(Servers.Docket(docket), workers: null, cancellationToken: cancellationToken).ConfigureAwait(false);
            report.Watch(server, sinceStart: true);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var idle = ProcStats.Mb(ProcStats.Rss(server.Pid));
            report.EndWatch();
            Console.WriteLine($"run {run + 1}: listening line {server.ListeningMs:F0} ms, /health {server.HealthyMs:F0} ms, idle RSS {idle:F1} MB");
            listening.Add(server.ListeningMs);
            healthy.Add(server.HealthyMs);
            rss.Add(idle);
        }

        listening.Sort();
        healthy.Sort();
        rss.Sort();
        report.Set("runs", runs);
        report.Add("ready_ms", "time to /health answering (median)", Stats.Percentile(healthy, 50), "ms", 0, atMost: 2000);
        report.Add("ready_max_ms", "time to /health answering (worst)", healthy[^1], "ms", 0);
        report.Add("listening_ms", "time to 'Docket listening on' (median)", Stats.Percentile(listening, 50), "ms", 0);
        report.Add("idle_rss_mb", "idle RSS after 2 s (median)", Stats.Percentile(rss, 50), "MB", 1, atMost: 150);
        report.Add("idle_rss_max_mb", "idle RSS after 2 s (worst)", rss[^1], "MB", 1);
        report.Print();
        return 0;
    }
}
