using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tests.Tools.Image;
using Docket.Tools.Core;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Tools.Core;

/// <summary>core.read, core.ocr and core.validate_json on real documents and schemas.</summary>
public sealed class CoreToolTests : IDisposable
{
    private readonly List<ToolHarness> _harnesses = [];

    private static string Invoice => Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");

    [Fact]
    public async Task Read_PdfAndTextInputs()
    {
        var harness = Harness([ToolHarness.File("invoice", Invoice, "application/pdf"), new ExecutionInput("note", InputKind.Text) { Text = "Pay by Friday." }]);
        var tool = new ReadTool(new DocumentReader(new ReaderLimits()));

        var pdf = await tool.RunAsync(harness.Context, new JsonObject { ["document"] = "invoice" }, CancellationToken.None);
        var note = await tool.RunAsync(harness.Context, new JsonObject { ["document"] = "note" }, CancellationToken.None);

        Assert.Equal("pdf", pdf["format"]!.GetValue<string>());
        Assert.Contains("INV-2024-0042", pdf["pages"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Total due", pdf["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Pay by Friday.", note["pages"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ocr_ReadsThePdfsPagesAsRendered_AndImages()
    {
        var harness = Harness([ToolHarness.File("invoice", Invoice, "application/pdf"), ToolHarness.File("scan", await ImageTools.InvoicePageAsync(), "image/png")]);
        var tool = new CoreOcrTool(new TesseractOcr(new OcrOptions { RenderDpi = 150 }), Options.Create(new ImageToolOptions()));

        var pdf = await tool.RunAsync(harness.Context, new JsonObject { ["document"] = "invoice" }, CancellationToken.None);
        var image = await tool.RunAsync(harness.Context, new JsonObject { ["document"] = "scan" }, CancellationToken.None);

        Assert.Contains("Northwind Traders", pdf["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var word = pdf["pages"]![0]!["words"]!.AsArray().First(w => w!["text"]!.GetValue<string>() == "Northwind")!;
        Assert.InRange(word["box"]![0]!.GetValue<double>(), 30, 120);
        Assert.Contains("Northwind Traders", image["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateJson_ReportsWhereTheDataMissesTheSchema()
    {
        var harness = Harness([]);
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"total": {"type": "number"}}, "required": ["total"]}""")!;
        var tool = new ValidateJsonTool();

        var good = await tool.RunAsync(harness.Context, new JsonObject { ["data"] = new JsonObject { ["total"] = 12.5 }, ["schema"] = schema.DeepClone() }, CancellationToken.None);
        var bad = await tool.RunAsync(harness.Context, new JsonObject { ["data"] = """{"total": "twelve"}""", ["parse"] = true, ["schema"] = schema.DeepClone() }, CancellationToken.None);
        var broken = await tool.RunAsync(harness.Context, new JsonObject { ["data"] = "{total", ["parse"] = true, ["schema"] = schema.DeepClone() }, CancellationToken.None);

        Assert.True(good["valid"]!.GetValue<bool>());
        Assert.Empty(good["errors"]!.AsArray());
        Assert.False(bad["valid"]!.GetValue<bool>());
        Assert.StartsWith("/total: ", Assert.Single(bad["errors"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(broken["valid"]!.GetValue<bool>());
        Assert.StartsWith("/: not JSON", broken["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    private ToolHarness Harness(IEnumerable<ExecutionInput> inputs)
    {
        var harness = new ToolHarness(inputs);
        _harnesses.Add(harness);
        return harness;
    }
}
