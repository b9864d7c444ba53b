using System.Diagnostics;
using System.Globalization;
using Docket.Client;

namespace Docket.Bench;

/// <summary>
/// A large upload through the .NET client (<see cref="DocketClient"/>): how much this process's
/// resident memory grows while the client hashes the file for de-duplication and streams it.
/// The server runs in its own process, so only the client's memory is measured here.
/// </summary>
internal static class ClientUploadBench
{
    private const int Block = 1 << 20;

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var sizeMb = args.Int("size-mb", 1024);
        var docket = args.Text("docket");
        args.RejectUnknown();
        var report = new Report("client-upload");
        var path = Path.Combine(Path.GetTempPath(), $"docket-bench-client-upload-{Guid.NewGuid():N}.bin");
        try
        {
            await UploadBench.WriteFileAsync(path, sizeMb, cancellationToken).ConfigureAwait(false);
            var environment = new Dictionary<string, string> { ["DOCKET_MAX_UPLOAD_BYTES"] = Math.Max((long)sizeMb * Block, 1L << 30).ToString(CultureInfo.InvariantCulture) };
            using var server = await ServerProcess.StartAsync(Servers.Docket(docket), workers: null, environment, cancellationToken).ConfigureAwait(false);
            using var client = new DocketClient(new DocketClientOptions { BaseUrl = server.BaseUrl + "/v1", ApiKey = server.ApiKey, Timeout = TimeSpan.FromMinutes(30) });

            // Warm the client's code paths on a small file before the baseline.
            var warm = path + ".warm";
            await UploadBench.WriteFileAsync(warm, 1, cancellationToken).ConfigureAwait(false);
            await client.Files.UploadAsync(warm, cancellationToken: cancellationToken).ConfigureAwait(false);
            File.Delete(warm);
            GC.Collect();

            var self = Environment.ProcessId;
            var before = ProcStats.Rss(self);
            var maxRss = before;
            long lastProgress = 0;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(
                async () =>
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                    while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                    {
                        maxRss = Math.Max(maxRss, ProcStats.Rss(self));
                    }
                },
                CancellationToken.None);
            report.Watch(server);
            var start = Stopwatch.GetTimestamp();
            var file = await client.Files.UploadAsync(path, new FileUploadOptions { Progress = new Progress<long>(sent => lastProgress = sent) }, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            report.EndWatch();
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await sampler.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The sampler stops here.
            }

            maxRss = Math.Max(maxRss, ProcStats.Rss(self));
            if (file.Bytes != (long)sizeMb * Block)
            {
                throw new InvalidOperationException($"The server stored {file.Bytes} bytes of {(long)sizeMb * Block}.");
            }

            report.Set("size_mb", sizeMb);
            report.Add("seconds", $"hash + upload time ({sizeMb} MB)", seconds, "s", 2);
            report.Add("mb_per_s", "rate including the MD5 pass", sizeMb / seconds, "MB/s", 0);
            report.Add("progress_mb", "last progress report", ProcStats.Mb(lastProgress), "MB", 0);
            report.Add("rss_before_mb", "client RSS before", ProcStats.Mb(before), "MB", 1);
            report.Add("rss_max_mb", "client RSS max during", ProcStats.Mb(maxRss), "MB", 1);
            report.Add("rss_growth_mb", "client RSS growth", ProcStats.Mb(maxRss - before), "MB", 1, atMost: 64);
            report.Print();
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
