using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Docket.Bench;

/// <summary>
/// A large streaming upload: MB/s and how much the server's resident memory grows while it
/// receives, hashes and stores the file.
/// </summary>
internal static class UploadBench
{
    private const int Block = 1 << 20;

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var sizeMb = args.Int("size-mb", 1024);
        var docket = args.Text("docket");
        args.RejectUnknown();
        var report = new Report("upload");

        var bytes = (long)sizeMb * Block;
        var path = Path.Combine(Path.GetTempPath(), $"docket-bench-upload-{Guid.NewGuid():N}.bin");
        try
        {
            var written = Stopwatch.GetTimestamp();
            await WriteFileAsync(path, sizeMb, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"wrote {sizeMb} MB of random blocks to {path} in {Stopwatch.GetElapsedTime(written).TotalSeconds:F1} s");

            var environment = new Dictionary<string, string> { ["DOCKET_MAX_UPLOAD_BYTES"] = Math.Max(bytes, 1L << 30).ToString(CultureInfo.InvariantCulture) };
            using var server = await ServerProcess.StartAsync(Servers.Docket(docket), workers: null, environment, cancellationToken).ConfigureAwait(false);
            using var client = server.CreateClient(TimeSpan.FromMinutes(30));
            Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}");

            // A small upload first, so that the upload path's code is loaded and jitted before the baseline.
            var warm = path + ".warm";
            await WriteFileAsync(warm, 1, cancellationToken).ConfigureAwait(false);
            await UploadAsync(client, warm, Block, cancellationToken).ConfigureAwait(false);
            File.Delete(warm);
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);

            var before = ProcStats.Rss(server.Pid);
            var maxRss = before;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(
                async () =>
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                    while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                    {
                        maxRss = Math.Max(maxRss, ProcStats.Rss(server.Pid));
                    }
                },
                CancellationToken.None);
            report.Watch(server);
            var serverCpu = server.CpuTime;
            var selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            await UploadAsync(client, path, bytes, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var serverCpuSeconds = (server.CpuTime - serverCpu).TotalSeconds;
            var selfCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - selfCpu).TotalSeconds;
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

            maxRss = Math.Max(maxRss, ProcStats.Rss(server.Pid));
            report.Set("size_mb", sizeMb);
            report.Add("mb_per_s", $"upload rate ({sizeMb} MB)", sizeMb / seconds, "MB/s", 0, atLeast: 300);
            report.Add("seconds", "upload time", seconds, "s", 2);
            report.Add("server_cpu_s", "server CPU", serverCpuSeconds, "s", 2);
            report.Add("client_cpu_s", "load generator CPU", selfCpuSeconds, "s", 2);
            report.Add("rss_before_mb", "server RSS before", ProcStats.Mb(before), "MB", 1);
            report.Add("rss_max_mb", "server RSS max during", ProcStats.Mb(maxRss), "MB", 1);
            report.Add("rss_growth_mb", "server RSS growth", ProcStats.Mb(maxRss - before), "MB", 1, atMost: 64);
            report.Print();
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Real bytes, not a sparse file: one random 1 MiB block, its first 8 bytes varied per block.</summary>
    internal static async Task WriteFileAsync(string path, int blocks, CancellationToken cancellationToken)
    {
        var block = RandomNumberGenerator.GetBytes(Block);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        for (long i = 0; i < blocks; i++)
        {
            BitConverter.TryWriteBytes(block, i);
            await file.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams the file as multipart/form-data: StreamContent over the file, with a known length and no buffering.</summary>
    private static async Task UploadAsync(HttpClient client, string path, long expectedBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var part = new StreamContent(file, Block);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var content = new MultipartFormDataContent { { part, "file", Path.GetFileName(path) } };
        using var response = await client.PostAsync(new Uri("files?purpose=assistants", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        var stored = document.RootElement.GetProperty("bytes").GetInt64();
        if (stored != expectedBytes)
        {
            throw new InvalidOperationException($"The server stored {stored} bytes of {expectedBytes}.");
        }
    }
}
