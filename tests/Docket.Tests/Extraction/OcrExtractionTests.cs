using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tests.Engine;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Extraction;

/// <summary>Images and PDF pages without a text layer, read with Tesseract (CI installs it).</summary>
public sealed class OcrExtractionTests
{
    private const string Schema = """
        {"type": "object", "properties": {
          "invoice_number": {"type": "string"},
          "invoice_date": {"type": "string", "format": "date"},
          "line_items": {"type": "array", "items": {"type": "object", "properties": {
            "description": {"type": "string"}, "quantity": {"type": "number"}, "unit_price": {"type": "number"}, "amount": {"type": "number"}}}},
          "subtotal": {"type": "number"},
          "total": {"type": "number"}
        }}
        """;

    private readonly DocumentReader _reader = new(new ReaderLimits(), new TesseractOcr(new OcrOptions()));

    private static byte[] Invoice => File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

    [Fact]
    public async Task Image_IsReadByOcrIntoLinesAndCells()
    {
        var png = await Scans.RenderPngAsync(Invoice);

        var layout = await _reader.ReadAsync(png, "image/png", "invoice.png", CancellationToken.None);

        Assert.Equal(DocumentFormat.Image, layout.Format);
        Assert.Equal(LayoutUnit.Pixel, layout.Unit);
        var page = Assert.Single(layout.Pages);
        Assert.Contains(page.Lines, l => l.Text.Contains("INV-2024-0042", StringComparison.Ordinal));
        Assert.Contains(page.Lines, l => l.Text.Split('\t').SequenceEqual(["Heavy-duty stapler", "2", "18.75", "37.50"]));
    }

    [Fact]
    public async Task ScannedInvoice_IsExtractedLikeTheDigitalOne()
    {
        var png = await Scans.RenderPngAsync(Invoice);

        var result = Extract(await _reader.ReadAsync(png, "image/png", "invoice.png", CancellationToken.None));

        Assert.Equal("INV-2024-0042", result["invoice_number"]!.GetValue<string>());
        Assert.Equal("2024-03-14", result["invoice_date"]!.GetValue<string>());
        Assert.Equal(SampleInvoice.Items.Select(i => i.Quantity * i.UnitPrice), result["line_items"]!.AsArray().Select(i => i!["amount"]!.GetValue<decimal>()));
        Assert.Equal(413.30m, result["subtotal"]!.GetValue<decimal>());
        Assert.Equal(495.96m, result["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task PdfPageWithoutText_IsRenderedAndRead()
    {
        var png = await Scans.RenderPngAsync(Invoice);
        using var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.AddPng(png, new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        var scannedPdf = builder.Build();

        var layout = await _reader.ReadAsync(scannedPdf, "application/pdf", "scan.pdf", CancellationToken.None);

        Assert.Equal(DocumentFormat.Pdf, layout.Format);
        Assert.Equal(LayoutUnit.Point, layout.Unit);
        var read = Assert.Single(layout.Pages);
        Assert.InRange(read.Width, 590, 600);
        Assert.Contains(read.Lines, l => l.Text.Contains("INV-2024-0042", StringComparison.Ordinal));
        Assert.Equal(495.96m, Extract(layout)["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task ImageWithoutOcr_IsRefusedAsInvalidInput()
    {
        var png = await Scans.RenderPngAsync(Invoice, dpi: 50);

        var error = await Assert.ThrowsAsync<Docket.Engine.ExecutionFailedException>(() =>
            new DocumentReader(new ReaderLimits()).ReadAsync(png, "image/png", "scan.png", CancellationToken.None));

        Assert.Contains("image/png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageClaimingTooManyPixels_IsRefusedBeforeDecoding()
    {
        var png = await Scans.RenderPngAsync(Invoice, dpi: 50);
        var reader = new DocumentReader(new ReaderLimits(), new TesseractOcr(new OcrOptions { MaxPixels = 1000 }));

        var error = await Assert.ThrowsAsync<Docket.Engine.ExecutionFailedException>(() => reader.ReadAsync(png, "image/png", "big.png", CancellationToken.None));

        Assert.Equal(Docket.Engine.ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("pixels", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Extract(DocumentLayout layout) =>
        DocumentExtractAgent.Extract(JsonNode.Parse(Schema)!.AsObject(), [layout]).Response;
}
