using System.Diagnostics;
using Docket.Engine;
using Docket.Tools;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Bench;

/// <summary>
/// image/blur-faces inside the worker: the <c>image.blur_faces</c> tool (decode, face search,
/// blur, PNG encode, artifact stored in the blob store) on a 1-megapixel JPEG photo made from the
/// corpus photo messi5.jpg scaled up, timed run by run.
/// </summary>
internal static class BlurFacesImageBench
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var runs = args.Int("runs", 20);
        var photo = args.Text("photo") ?? Path.Combine(Servers.RepositoryRoot(), "..", "shared", "corpus", "media", "messi5.jpg");
        args.RejectUnknown();

        var report = new Report("blur-faces-image");
        var directory = Directory.CreateTempSubdirectory("docket-bench-blur-image-").FullName;
        try
        {
            // 1264x790 is 0.999 megapixels at the photo's aspect ratio.
            var input = Path.Combine(directory, "photo.jpg");
            using (var source = Cv2.ImRead(photo, ImreadModes.Color))
            using (var large = new Mat())
            {
                Cv2.Resize(source, large, new Size(1264, 790), 0, 0, InterpolationFlags.Cubic);
                Cv2.ImWrite(input, large, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
            }

            using var detector = new FaceDetector(new ImageToolOptions());
            var tool = new ImageBlurFacesTool(detector, Options.Create(new ImageToolOptions()));
            var times = new List<double>();
            var cpu = new List<double>();
            var faces = 0;
            using var self = Process.GetCurrentProcess();
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var machine = MachineCpu.Now();
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = self.TotalProcessorTime.TotalSeconds;
            for (var run = 0; run <= runs; run++)
            {
                var work = Path.Combine(directory, $"run-{run}");
                var context = BenchToolContext.Create(new ExecutionInput("image", InputKind.File) { Path = input, FileName = "photo.jpg", ContentType = "image/jpeg" }, work, run);
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = await tool.RunAsync(context, [], cancellationToken).ConfigureAwait(false);
                clock.Stop();
                self.Refresh();

                // The first run loads OpenCV and the cascades; it is not counted.
                if (run > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    faces = result["faces"]!.AsArray().Count;
                }

                Directory.Delete(work, recursive: true);
            }

            // The face search alone, on the decoded photo: the share of the run the cascades take.
            var search = new List<double>();
            using (var decoded = Cv2.ImRead(input, ImreadModes.Color))
            {
                for (var run = 0; run < runs; run++)
                {
                    var clock = Stopwatch.StartNew();
                    detector.Detect(decoded);
                    search.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var busy = MachineCpu.Now().CoresBusySince(machine);
            report.CountOthers(busy, Stopwatch.GetElapsedTime(started).TotalSeconds, self.TotalProcessorTime.TotalSeconds - cpuStarted);
            search.Sort();
            times.Sort();
            cpu.Sort();
            report.Add("median_ms", $"1264x790 JPEG (1.0 MP), median of {runs}", times[times.Count / 2], "ms", 1, atMost: 150);
            report.Add("p90_ms", "90th percentile", times[(int)Math.Ceiling(0.9 * times.Count) - 1], "ms", 1);
            // CPU time is what the run itself costs; on a busy machine wall time mostly measures waiting.
            report.Add("cpu_median_ms", "CPU time of this process per run, median", cpu[cpu.Count / 2], "ms", 1);
            report.Add("search_median_ms", "of which the face search alone, median", search[search.Count / 2], "ms", 1);
            report.Add("faces", "faces blurred", faces, string.Empty, 0);
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
}
