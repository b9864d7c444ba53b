using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tests.Tools.Image;
using Docket.Tools;
using Docket.Tools.Document;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tests.Tools.Document;

/// <summary>The document tools on samples/documents/invoice.pdf, checked with poppler and OpenCV on the files they write.</summary>
public sealed class DocumentToolTests : IDisposable
{
    private static readonly IOptions<OcrOptions> Ocr = Options.Create(new OcrOptions());
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-document-tools-").FullName;
    private readonly List<ToolHarness> _harnesses = [];

    private static string Invoice => Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");

    [Fact]
    public async Task RenderPages_DrawsThePageAtTheAskedResolution()
    {
        var harness = Harness(("invoice", Invoice));

        var result = await new RenderPagesTool(Ocr).RunAsync(harness.Context, new JsonObject { ["dpi"] = 72 }, CancellationToken.None);

        var page = Assert.Single(result["pages"]!.AsArray())!;
        var id = page["image"]!.GetValue<string>();
        Assert.Equal("image/png", harness.ContentTypeOf(id));
        using var image = Cv2.ImRead(harness.PathOf(id), ImreadModes.Grayscale);
        Assert.Equal((595, 842), (image.Width, image.Height));
        Assert.Equal((595, 842), (page["width"]!.GetValue<int>(), page["height"]!.GetValue<int>()));
        var ink = image.Rows * image.Cols - Cv2.CountNonZero(image.LessThan(128));
        Assert.InRange(ink, image.Rows * image.Cols * 0.8, image.Rows * image.Cols * 0.999);
    }

    [Fact]
    public async Task SplitAndMerge_KeepThePagesAndTheirText()
    {
        var three = await ThreePagesAsync();
        var harness = Harness(("document", three), ("extra", Invoice));

        var split = await new SplitTool().RunAsync(harness.Context, new JsonObject { ["document"] = "document", ["ranges"] = "1-2,3" }, CancellationToken.None);
        var merged = await new MergeTool().RunAsync(harness.Context, new JsonObject { ["documents"] = new JsonArray("extra", split["documents"]![0]!["document"]!.GetValue<string>()) }, CancellationToken.None);

        var parts = split["documents"]!.AsArray();
        Assert.Equal(["1-2", "3"], parts.Select(p => p!["pages"]!.GetValue<string>()));
        var counts = await Task.WhenAll(parts.Select(p => PagesAsync(harness.PathOf(p!["document"]!.GetValue<string>()))));
        Assert.Equal(new[] { 2, 1 }, counts);
        Assert.Equal("application/pdf", harness.ContentTypeOf(parts[0]!["document"]!.GetValue<string>()));
        Assert.Contains("INV-2024-0042", await TextAsync(harness.PathOf(parts[1]!["document"]!.GetValue<string>())), StringComparison.Ordinal);
        Assert.Equal(3, merged["page_count"]!.GetValue<int>());
        Assert.Equal(3, await PagesAsync(harness.PathOf(merged["document"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Split_RangePastTheEnd_IsInvalidInput()
    {
        var harness = Harness(("document", Invoice));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => new SplitTool().RunAsync(harness.Context, new JsonObject { ["ranges"] = "1-4" }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("the document has 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractTables_FindsTheInvoicesLineItems()
    {
        var harness = Harness(("invoice", Invoice));

        var result = await new ExtractTablesTool(new DocumentReader(new ReaderLimits())).RunAsync(harness.Context, [], CancellationToken.None);

        var table = result["tables"]!.AsArray().Single(t => t!["header"] is JsonArray h && h.Any(c => c!.GetValue<string>() == "Qty"))!;
        Assert.Equal(["Description", "Qty", "Unit price", "Amount"], table["header"]!.AsArray().Select(c => c!.GetValue<string>()));
        var rows = table["rows"]!.AsArray().Select(r => r!.AsArray().Select(c => c!.GetValue<string>()).ToList()).ToList();
        Assert.Contains(["Heavy-duty stapler", "2", "18.75", "37.50"], rows);
    }

    [Fact]
    public async Task Redact_RemovesTheMatchedText_FromTheFile_AndCoversItOnThePage()
    {
        var harness = Harness(("invoice", Invoice));
        var tool = new RedactTool(new DocumentReader(new ReaderLimits()), Ocr);

        var result = await tool.RunAsync(harness.Context, new JsonObject { ["text"] = new JsonArray("Northwind Traders"), ["patterns"] = new JsonArray(@"\b\d{8}\b") }, CancellationToken.None);

        var redactions = result["redactions"]!.AsArray();
        Assert.Equal(["12345678", "Northwind Traders"], redactions.Select(r => r!["text"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var output = harness.PathOf(result["document"]!.GetValue<string>());
        Assert.Equal(1, await PagesAsync(output));
        Assert.Equal(string.Empty, (await TextAsync(output)).Trim());
        var page = Path.Combine(_directory, "redacted");
        await ToolProcess.RunAsync("pdftoppm", ["-r", "150", "-png", "-singlefile", output, page], TimeSpan.FromSeconds(60), CancellationToken.None);
        using var image = Cv2.ImRead(page + ".png", ImreadModes.Grayscale);
        Assert.Equal(1240, image.Width);
        Assert.InRange(image.Height, 1754, 1755);
        foreach (var redaction in redactions)
        {
            var b = redaction!["box"]!.AsArray().Select(v => v!.GetValue<double>() * 150 / 72).ToArray();
            using var covered = new Mat(image, new Rect((int)b[0] + 1, (int)b[1] + 1, (int)(b[2] - b[0]) - 2, (int)(b[3] - b[1]) - 2));
            Assert.Equal(0, Cv2.CountNonZero(covered));
        }

        var text = await ToolProcess.RunAsync("tesseract", [page + ".png", "stdout"], TimeSpan.FromSeconds(120), CancellationToken.None);
        Assert.DoesNotContain("Northwind", text, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", text, StringComparison.Ordinal);
        Assert.Contains("ACME Office Supplies", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyDocumentTool_OnAFileThatIsNoPdf_IsInvalidInput()
    {
        var harness = Harness(("document", MediaCorpus.PathOf("messi5.jpg")));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => new SplitTool().RunAsync(harness.Context, [], CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("messi5.jpg is not a PDF", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    internal static async Task<int> PagesAsync(string pdf)
    {
        var info = await ToolProcess.RunAsync("pdfinfo", [pdf], TimeSpan.FromSeconds(30), CancellationToken.None);
        return int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<string> TextAsync(string pdf) => ToolProcess.RunAsync("pdftotext", [pdf, "-"], TimeSpan.FromSeconds(30), CancellationToken.None);

    private async Task<string> ThreePagesAsync()
    {
        var path = Path.Combine(_directory, "three.pdf");
        await ToolProcess.RunAsync("pdfunite", [Invoice, Invoice, Invoice, path], TimeSpan.FromSeconds(30), CancellationToken.None);
        return path;
    }

    private ToolHarness Harness(params (string Name, string Path)[] files)
    {
        var harness = new ToolHarness(files.Select(f => ToolHarness.File(f.Name, f.Path, f.Path.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : null)));
        _harnesses.Add(harness);
        return harness;
    }
}
