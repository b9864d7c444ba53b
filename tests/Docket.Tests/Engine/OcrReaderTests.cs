using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tests.Extraction;

namespace Docket.Tests.Engine;

/// <summary>
/// Scans read with Tesseract (CI installs it with its orientation data): pages fed into the
/// scanner sideways or upside down, and multi-page TIFFs, on rendered pages of real documents.
/// </summary>
public sealed class OcrReaderTests
{
    private static readonly string[] StaplerRow = ["Heavy-duty stapler", "2", "18.75", "37.50"];

    private readonly DocumentReader _reader = new(new ReaderLimits(), new TesseractOcr(new OcrOptions()));

    private static byte[] Invoice => File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public async Task ReadAsync_ScanTurnedSidewaysOrUpsideDown_IsReadUpright(int degrees)
    {
        var png = TestImages.Turned(await Scans.RenderPngAsync(Invoice), degrees);

        var layout = await _reader.ReadAsync(png, "image/png", "turned.png", CancellationToken.None);

        var page = Assert.Single(layout.Pages);
        Assert.True(page.Height > page.Width, $"the page should be portrait once upright, not {page.Width}×{page.Height}");
        var lines = page.Lines.Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.Contains("Invoice number: INV-2024-0042", StringComparison.Ordinal));
        Assert.Contains(page.Lines, l => l.Text.Split('\t').SequenceEqual(StaplerRow));
        Assert.True(
            lines.FindIndex(l => l.StartsWith("Description", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("Subtotal", StringComparison.Ordinal)),
            string.Join('\n', lines));
    }

    [Fact]
    public async Task ReadAsync_PdfOfATurnedScan_IsReadUpright()
    {
        var png = TestImages.Turned(await Scans.RenderPngAsync(Invoice), 180);
        var pdf = ScannedPdf(png);

        var layout = await _reader.ReadAsync(pdf, "application/pdf", "scan.pdf", CancellationToken.None);

        var page = Assert.Single(layout.Pages);
        Assert.Contains(page.Lines, l => l.Text.Split('\t').SequenceEqual(StaplerRow));
    }

    [Fact]
    public async Task ReadAsync_MultiPageTiff_GivesOnePagePerImageInOrder()
    {
        var first = await Scans.RenderPngAsync(TestDocuments.Pdf(["Delivery note DN-5521", "Received by the warehouse in good order"]));
        var second = await Scans.RenderPngAsync(Invoice);
        var third = await Scans.RenderPngAsync(TestDocuments.Pdf(["Appendix: terms and conditions of sale"]));
        var tiff = TestImages.MultiPageTiff([first, TestImages.Turned(second, 90), third]);

        var layout = await _reader.ReadAsync(tiff, "image/tiff", "batch.tiff", CancellationToken.None);

        Assert.Equal(DocumentFormat.Image, layout.Format);
        Assert.Equal([1, 2, 3], layout.Pages.Select(p => p.Number));
        Assert.Equal(["Delivery note DN-5521", "Received by the warehouse in good order"], layout.Pages[0].Lines.Select(l => l.Text));
        Assert.Contains(layout.Pages[1].Lines, l => l.Text.Split('\t').SequenceEqual(StaplerRow));
        Assert.Equal(["Appendix: terms and conditions of sale"], layout.Pages[2].Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task ReadAsync_TiffWithMorePagesThanTheLimit_FailsAsInvalidInputBeforeReading()
    {
        var page = await Scans.RenderPngAsync(TestDocuments.Pdf(["One page"]), dpi: 30);
        var reader = new DocumentReader(new ReaderLimits { MaxPages = 2 }, new TesseractOcr(new OcrOptions()));

        var error = await Assert.ThrowsAsync<Docket.Engine.ExecutionFailedException>(() =>
            reader.ReadAsync(TestImages.MultiPageTiff([page, page, page]), "image/tiff", "many.tif", CancellationToken.None));

        Assert.Equal(Docket.Engine.ErrorCodes.InvalidInput, error.Code);
        Assert.Equal("many.tif has 3 pages; at most 2 pages are read per document.", error.Message);
    }

    private static byte[] ScannedPdf(byte[] png)
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddPng(png, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        return builder.Build();
    }
}
