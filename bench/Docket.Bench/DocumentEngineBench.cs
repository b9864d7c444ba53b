using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Bench;

/// <summary>
/// The built-in document engine in process: time per digital PDF page (read and extract), peak
/// memory on a long PDF (in a child process, so nothing else counts), and the time OCR adds over
/// running the tesseract command line on the same images.
/// </summary>
internal static class DocumentEngineBench
{
    /// <summary><c>pdf-pages</c>: median milliseconds per page over the corpus's digital PDFs.</summary>
    public static int PdfPages(BenchArgs args)
    {
        var runs = args.Int("runs", 20);
        var corpus = args.Text("corpus") ?? DefaultCorpus();
        args.RejectUnknown();

        var report = new Report("pdf-pages");
        var load = Load();
        var reader = new DocumentReader(new ReaderLimits());
        var documents = CorpusDocuments(corpus, "digital.pdf");
        var perPage = new List<double>();
        var cpuPerPage = new List<double>();
        var readPerPage = new List<double>();
        var pages = 0;
        var self = Process.GetCurrentProcess();
        var window = Window.Start();
        foreach (var (file, schema) in documents)
        {
            var bytes = File.ReadAllBytes(file);
            var read = new List<double>();
            var total = new List<double>();
            var cpu = TimeSpan.Zero;
            var timedPages = 0;
            for (var run = -3; run < runs; run++)
            {
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var layout = reader.Read(bytes, "application/pdf", file, CancellationToken.None);
                var afterRead = clock.Elapsed.TotalMilliseconds;
                DocumentExtractAgent.Extract(schema, [layout]);
                clock.Stop();
                self.Refresh();

                // The first runs compile the code paths; a server reads in its steady state.
                if (run >= 0)
                {
                    read.Add(afterRead / layout.Pages.Count);
                    total.Add(clock.Elapsed.TotalMilliseconds / layout.Pages.Count);
                    cpu += self.TotalProcessorTime - cpuBefore;
                    timedPages += layout.Pages.Count;
                }

                pages = run == 0 ? pages + layout.Pages.Count : pages;
            }

            perPage.Add(Median(total));
            // The kernel counts CPU time in ticks of several milliseconds: summed over the runs, not per run.
            cpuPerPage.Add(cpu.TotalMilliseconds / timedPages);
            readPerPage.Add(Median(read));
        }

        window.End(report);
        report.Add("documents", "documents (digital PDFs)", documents.Count, string.Empty, 0);
        report.Add("pages", "pages", pages, string.Empty, 0);
        report.Add("read_ms_per_page", "read (PdfPig, rows, reading order), median ms/page", Median(readPerPage), "ms", 2);
        report.Add("ms_per_page", "read + extract, median ms/page (wall clock)", Median(perPage), "ms", 2, atMost: 15);
        report.Add("cpu_ms_per_page", "read + extract, median CPU ms/page (the process's, all threads)", Median(cpuPerPage), "ms", 2, atMost: 15);
        report.Add("max_ms_per_page", "read + extract, slowest document, ms/page", perPage.Max(), "ms", 2);
        report.Set("load_average_before", load);
        Console.WriteLine($"load average before: {load}; {runs} timed runs per document after 3 warm-up runs.");
        report.Print();
        return 0;
    }

    /// <summary><c>pdf-memory</c>: peak resident memory of a child process reading and extracting a long PDF.</summary>
    public static async Task<int> PdfMemoryAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var pageCount = args.Int("pages", 500);
        var corpus = args.Text("corpus") ?? DefaultCorpus();
        args.RejectUnknown();

        var report = new Report("pdf-memory");
        var load = Load();
        var pdf = Path.Combine(Path.GetTempPath(), $"docket-bench-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(pdf, LongPdf(pageCount), cancellationToken).ConfigureAwait(false);
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            foreach (var argument in new[] { "pdf-memory-child", "--file", pdf, "--schema", Path.Combine(corpus, "..", "schemas", "invoice.schema.json") })
            {
                start.ArgumentList.Add(argument);
            }

            var window = Window.Start();
            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            window.End(report);
            var figures = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
            report.Add("file_mb", "PDF size", new FileInfo(pdf).Length / 1048576.0, "MB", 1);
            report.Add("pages", "pages read", figures["pages"]!.GetValue<int>(), string.Empty, 0);
            report.Add("seconds", "read + extract, wall clock", figures["seconds"]!.GetValue<double>(), "s", 1);
            report.Add("cpu_seconds", "read + extract, CPU time (all threads, JIT included)", figures["cpu_seconds"]!.GetValue<double>(), "s", 1);
            report.Add("baseline_rss_mb", "child's resident memory before reading", figures["baseline_rss_mb"]!.GetValue<double>(), "MB", 0);
            report.Add("peak_rss_mb", "child's peak resident memory (VmHWM)", figures["peak_rss_mb"]!.GetValue<double>(), "MB", 0, atMost: 400);
            report.Set("load_average_before", load);
            Console.WriteLine($"load average before: {load}.");
            report.Print();
            return child.ExitCode;
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    /// <summary>The child of <c>pdf-memory</c>: reads and extracts the file, then prints its own figures as JSON.</summary>
    public static int PdfMemoryChild(BenchArgs args)
    {
        var file = args.Text("file") ?? throw new ArgumentException("--file is required.");
        var schema = JsonNode.Parse(File.ReadAllText(args.Text("schema") ?? throw new ArgumentException("--schema is required.")))!.AsObject();
        args.RejectUnknown();
        var baseline = ProcStats.Rss(Environment.ProcessId);
        var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var layout = new DocumentReader(new ReaderLimits()).Read(File.ReadAllBytes(file), "application/pdf", Path.GetFileName(file), CancellationToken.None);
        DocumentExtractAgent.Extract(schema, [layout]);
        clock.Stop();
        self.Refresh();
        Console.WriteLine(new JsonObject
        {
            ["pages"] = layout.Pages.Count,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
            ["cpu_seconds"] = Math.Round((self.TotalProcessorTime - cpu).TotalSeconds, 2),
            ["baseline_rss_mb"] = Math.Round(ProcStats.Mb(baseline), 1),
            ["peak_rss_mb"] = Math.Round(ProcStats.Mb(ProcStats.PeakRss(Environment.ProcessId)), 1),
        }.ToJsonString());
        return 0;
    }

    /// <summary>
    /// <c>ocr-overhead</c>: the engine's OCR of the corpus scans against the tesseract command
    /// line running the same passes (page segmentation modes 3 and 6, side by side) on the same images.
    /// </summary>
    public static async Task<int> OcrOverheadAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var runs = args.Int("runs", 3);
        var corpus = args.Text("corpus") ?? DefaultCorpus();
        args.RejectUnknown();

        var report = new Report("ocr-overhead");
        var load = Load();
        var options = new OcrOptions();
        var reader = new DocumentReader(new ReaderLimits(), new TesseractOcr(options));
        var scans = CorpusDocuments(corpus, "scan.png").Select(d => d.File).ToList();
        double engine = 0, raw = 0, single = 0;
        var window = Window.Start();
        for (var run = -1; run < runs; run++)
        {
            foreach (var scan in scans)
            {
                var bytes = await File.ReadAllBytesAsync(scan, cancellationToken).ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                await reader.ReadAsync(bytes, "image/png", Path.GetFileName(scan), cancellationToken).ConfigureAwait(false);
                var engineSeconds = clock.Elapsed.TotalSeconds;

                clock.Restart();
                await Task.WhenAll(options.PageSegmentation.Split(',').Select(mode => TesseractAsync(scan, mode, cancellationToken))).ConfigureAwait(false);
                var rawSeconds = clock.Elapsed.TotalSeconds;

                clock.Restart();
                await TesseractAsync(scan, "3", cancellationToken).ConfigureAwait(false);
                var singleSeconds = clock.Elapsed.TotalSeconds;

                // The first round loads tesseract's models into the page cache; it is not counted.
                if (run >= 0)
                {
                    engine += engineSeconds;
                    raw += rawSeconds;
                    single += singleSeconds;
                }
            }
        }

        window.End(report);
        var pages = scans.Count * runs;
        report.Add("pages", "page images read", pages, string.Empty, 0);
        report.Add("engine_seconds_per_page", "engine (DocumentReader with OCR), s/page", engine / pages, "s", 2);
        report.Add("tesseract_seconds_per_page", $"tesseract CLI, the same passes ({options.PageSegmentation}) side by side, s/page", raw / pages, "s", 2);
        report.Add("overhead_percent", "engine overhead over the tesseract CLI", 100 * ((engine / raw) - 1), "%", 1, atMost: 15);
        report.Add("single_pass_seconds_per_page", "tesseract CLI, one pass (--psm 3), s/page, for reference", single / pages, "s", 2);
        report.Set("load_average_before", load);
        Console.WriteLine($"load average before: {load}; {runs} timed rounds over {scans.Count} scans, engine and CLI alternating.");
        report.Print();
        return 0;
    }

    private static async Task TesseractAsync(string image, string mode, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { image, "stdout", "-l", "eng", "--psm", mode, "tsv" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(output, errors).ConfigureAwait(false);
    }

    /// <summary>Each corpus document that has <paramref name="fileName"/>, with its type's schema.</summary>
    private static List<(string File, JsonObject Schema)> CorpusDocuments(string corpus, string fileName)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "manifest.json")))!;
        var documents = new List<(string, JsonObject)>();
        foreach (var document in manifest["documents"]!.AsArray())
        {
            var file = Path.Combine(corpus, document!["path"]!.GetValue<string>(), fileName);
            if (File.Exists(file))
            {
                var schema = Path.Combine(corpus, "..", "schemas", document["type"]!.GetValue<string>() + ".schema.json");
                documents.Add((file, JsonNode.Parse(File.ReadAllText(schema))!.AsObject()));
            }
        }

        return documents.Count > 0 ? documents : throw new ArgumentException($"No {fileName} in the corpus at {corpus}.");
    }

    /// <summary>A long invoice-like PDF: per page a heading, a paragraph, a 30-row table and a total.</summary>
    private static byte[] LongPdf(int pageCount)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 1; p <= pageCount; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText($"Statement of account, page {p} of {pageCount}", 14, new PdfPoint(50, 790), font);
            page.AddText("Account 12-3456-7890, Northwind Traders plc, 15 Queen Street, Edinburgh EH2 1JX", 9, new PdfPoint(50, 770), font);
            page.AddText("Description", 9, new PdfPoint(50, 740), font);
            page.AddText("Qty", 9, new PdfPoint(330, 740), font);
            page.AddText("Unit price", 9, new PdfPoint(400, 740), font);
            page.AddText("Amount", 9, new PdfPoint(500, 740), font);
            for (var row = 0; row < 30; row++)
            {
                var y = 722 - (row * 20);
                var quantity = 1 + ((p + row) % 9);
                page.AddText($"Item {p}-{row} delivered to site office {row % 7}", 9, new PdfPoint(50, y), font);
                page.AddText(quantity.ToString(CultureInfo.InvariantCulture), 9, new PdfPoint(330, y), font);
                page.AddText("12.50", 9, new PdfPoint(400, y), font);
                page.AddText((quantity * 12.5m).ToString("0.00", CultureInfo.InvariantCulture), 9, new PdfPoint(500, y), font);
            }
        }

        return builder.Build();
    }

    private static string DefaultCorpus() => Path.GetFullPath(Path.Combine(Servers.RepositoryRoot(), "..", "shared", "corpus", "dev"));

    /// <summary>
    /// What the rest of the machine did while a benchmark ran: its busy cores less the CPU this
    /// process and the children it waited for (tesseract, the measured child) used.
    /// </summary>
    private sealed class Window
    {
        private readonly MachineCpu _machine = MachineCpu.Now();
        private readonly double _ownSeconds = OwnCpuSeconds();
        private readonly long _started = Stopwatch.GetTimestamp();

        public static Window Start() => new();

        public void End(Report report) => report.CountOthers(
            MachineCpu.Now().CoresBusySince(_machine), Stopwatch.GetElapsedTime(_started).TotalSeconds, OwnCpuSeconds() - _ownSeconds);

        /// <summary>utime, stime, cutime and cstime of <c>/proc/self/stat</c>, in clock ticks of 1/100 s.</summary>
        private static double OwnCpuSeconds()
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / 100.0;
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
