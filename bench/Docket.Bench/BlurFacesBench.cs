using System.Diagnostics;
using System.Globalization;
using Docket.Engine;
using Docket.Tools;
using Docket.Tools.Image;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;

namespace Docket.Bench;

/// <summary>
/// video/blur-faces inside the worker: the <c>video.blur_faces</c> tool (ffmpeg decode, face
/// search, blur, H.264 encode) on a 640x480 clip with a face, timed against the clip's length.
/// The clip is made from the corpus photo messi5.jpg, the camera panning across it.
/// </summary>
internal static class BlurFacesBench
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var seconds = args.Int("seconds", 20);
        var fps = args.Int("fps", 30);
        var runs = args.Int("runs", 3);
        var detectEvery = args.Text("detect-every");
        var searchSize = args.Text("search-size");
        var photo = args.Text("photo") ?? Path.Combine(Servers.RepositoryRoot(), "..", "shared", "corpus", "media", "messi5.jpg");
        args.RejectUnknown();

        var report = new Report("blur-faces");
        var directory = Directory.CreateTempSubdirectory("docket-bench-blur-").FullName;
        try
        {
            var clip = Path.Combine(directory, "clip.mp4");
            await FfmpegAsync(cancellationToken, "-loop", "1", "-framerate", fps.ToString(CultureInfo.InvariantCulture), "-i", photo,
                "-t", seconds.ToString(CultureInfo.InvariantCulture), "-vf", "scale=-2:520,crop=640:480:x='t*8':y=20",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", clip).ConfigureAwait(false);

            using var detector = new FaceDetector(new ImageToolOptions());
            var tool = new BlurFacesTool(new Ffmpeg(Options.Create(new VideoOptions()), Options.Create(new ToolOptions())), detector);
            var times = new List<double>();
            var cpuTimes = new List<double>();
            var framesWithFaces = 0;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var machine = MachineCpu.Now();
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = ProcStats.OwnCpuSeconds();
            for (var run = 0; run <= runs; run++)
            {
                var work = Path.Combine(directory, $"run-{run}");
                var context = BenchToolContext.Create(new ExecutionInput("video", InputKind.File) { Path = clip, FileName = "clip.mp4", ContentType = "video/mp4" }, work, run);
                var cpuBefore = ProcStats.OwnCpuSeconds();
                var clock = Stopwatch.StartNew();
                var arguments = new System.Text.Json.Nodes.JsonObject();
                if (detectEvery is not null)
                {
                    arguments["detect_every"] = int.Parse(detectEvery, CultureInfo.InvariantCulture);
                }

                if (searchSize is not null)
                {
                    arguments["search_size"] = int.Parse(searchSize, CultureInfo.InvariantCulture);
                }

                var result = await tool.RunAsync(context, arguments, cancellationToken).ConfigureAwait(false);
                clock.Stop();
                var cpuAfter = ProcStats.OwnCpuSeconds();
                // The first run loads OpenCV and the cascades; it is not counted.
                if (run > 0)
                {
                    times.Add(clock.Elapsed.TotalSeconds);
                    cpuTimes.Add(cpuAfter.Self - cpuBefore.Self + cpuAfter.Children - cpuBefore.Children);
                    framesWithFaces = result["frames_with_faces"]!.GetValue<int>();
                }

                Directory.Delete(work, recursive: true);
            }

            var busy = MachineCpu.Now().CoresBusySince(machine);
            var cpuEnded = ProcStats.OwnCpuSeconds();
            report.CountOthers(busy, Stopwatch.GetElapsedTime(started).TotalSeconds, cpuEnded.Self - cpuStarted.Self + cpuEnded.Children - cpuStarted.Children);
            times.Sort();
            cpuTimes.Sort();
            var median = times[times.Count / 2];
            var cpu = cpuTimes[cpuTimes.Count / 2];
            report.Add("median_seconds", $"time for {seconds} s of 640x480 at {fps} fps (median of {runs})", median, "s", 2);
            report.Add("realtime_factor", "speed (video seconds per second)", seconds / median, "x", 2, atLeast: 1);
            report.Add("cpu_seconds", "CPU used, worker + ffmpeg (median)", cpu, "s", 2);
            report.Add("cpu_realtime_factor", $"speed if the {Environment.ProcessorCount} cores were its own (video s / (CPU s / cores))", seconds / (cpu / Environment.ProcessorCount), "x", 2);
            report.Add("frames_per_second", "frames per second", seconds * fps / median, "fps", 1);
            report.Add("frames_with_faces", "frames blurred", framesWithFaces, string.Empty, 0);
            report.Set("load_average_before", load);
            report.Set("machine_cores_busy", Math.Round(busy, 2));
            Console.WriteLine($"load average before: {load}; the whole machine kept {busy:F2} of {Environment.ProcessorCount} cores busy while it ran ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s).");
            report.Print();
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task FfmpegAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg could not make the benchmark clip: " + errors);
        }
    }
}
