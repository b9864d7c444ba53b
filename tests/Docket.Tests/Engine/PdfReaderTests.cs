using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

public sealed class PdfReaderTests
{
    private readonly DocumentReader _reader = new(new ReaderLimits());

    [Fact]
    public void Read_SinglePagePdf_ReturnsLinesTopToBottom()
    {
        var pdf = TestDocuments.Pdf(["Quarterly report", "Revenue grew by 12 percent", "Costs were flat"]);

        var layout = Read(pdf);

        Assert.Equal(DocumentFormat.Pdf, layout.Format);
        Assert.Equal(LayoutUnit.Point, layout.Unit);
        var page = Assert.Single(layout.Pages);
        Assert.Equal(1, page.Number);
        Assert.Equal("Quarterly report\nRevenue grew by 12 percent\nCosts were flat", page.Text);
    }

    [Fact]
    public void Read_TwoPagePdf_NumbersPagesFromOne()
    {
        var pdf = TestDocuments.Pdf(["First page"], ["Second page", "still the second page"]);

        var layout = Read(pdf);

        Assert.Equal([1, 2], layout.Pages.Select(p => p.Number));
        Assert.Equal("First page", layout.Pages[0].Text);
        Assert.Equal("Second page\nstill the second page", layout.Pages[1].Text);
    }

    [Fact]
    public void Read_Pdf_GivesWordBoxesInPointsFromTheTopLeft()
    {
        // Letter is 612 x 792 points; the text's baseline is 700 points from the bottom.
        var layout = Read(TestDocuments.Pdf(["Total 1,234.50"]));

        var page = layout.Pages[0];
        Assert.Equal(612, page.Width);
        Assert.Equal(792, page.Height);
        var line = Assert.Single(page.Lines);
        Assert.Equal(["Total", "1,234.50"], line.Words.Select(w => w.Text));
        var total = line.Words[0].Box;
        Assert.Equal(72, total.Left, 0.5);
        Assert.InRange(total.Top, 80, 92);
        Assert.InRange(total.Bottom, 92, 97);
        Assert.True(line.Words[1].Box.Left > total.Right);
        Assert.Equal(line.Box, total.Union(line.Words[1].Box));
    }

    [Fact]
    public void Read_TwoColumnPdf_KeepsColumnOrder()
    {
        var layout = Read(TestDocuments.TwoColumnPdf());

        var lines = layout.Pages[0].Lines.Select(l => l.Text).ToList();
        string[] column = [.. Enumerable.Repeat(TestDocuments.LeftColumn, 4).SelectMany(c => c)];
        string[] right = [.. Enumerable.Repeat(TestDocuments.RightColumn, 4).SelectMany(c => c)];
        string[] expected =
        [
            "Reading Order in Two Column Documents",
            .. column,
            .. right,
            "Page 1 of 1: the footer runs across the whole width of the page",
        ];
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void Read_TwoColumnPdf_StartsABlockPerColumnAndParagraph()
    {
        var layout = Read(TestDocuments.TwoColumnPdf());

        var lines = layout.Pages[0].Lines;
        var blocks = lines.Select(l => l.Block).Distinct().Count();

        // Title, four paragraphs in each column, footer.
        Assert.Equal(10, blocks);
        Assert.Equal(lines[1].Block, lines[5].Block);
        Assert.NotEqual(lines[5].Block, lines[6].Block);
    }

    [Fact]
    public void Read_BlocksSideBySideWithDifferentLineSpacing_ReadsOneBlockAfterTheOther()
    {
        var layout = Read(TestDocuments.SideBySideBlocksPdf());

        Assert.Equal(
            "To:\nWood & Sons Inc.\n5539 Commerce Ave\nSuite 143\nColumbus, OH 43248\nUnited States\n"
            + "Order no.:\tHEX/808\nDate:\t16.07.2025\nDelivery by:\t23.07.2025\nContact:\tZoe Morris",
            layout.Pages[0].Text);
    }

    [Fact]
    public void Read_PdfWithLigatureGlyphs_SpellsOutTheLetters()
    {
        var layout = Read(TestDocuments.Pdf(["\uFB01nal \uFB02oor"]));

        Assert.Equal("final floor", layout.Pages[0].Text);
    }

    [Fact]
    public void Read_InvoicePdf_KeepsTableRowsTogether()
    {
        var layout = Read(SampleInvoice.Build());

        var lines = layout.Pages[0].Lines.Select(l => l.Text).ToList();
        Assert.Contains("Description\tQty\tUnit price\tAmount", lines);
        Assert.Contains("A4 copier paper, 80 gsm (box of 5 reams)\t12\t24.50\t294.00", lines);
        Assert.Contains("Total due (GBP)\t495.96", lines);
        Assert.True(lines.IndexOf("Description\tQty\tUnit price\tAmount") < lines.IndexOf("Heavy-duty stapler\t2\t18.75\t37.50"));
    }

    [Fact]
    public void Read_TruncatedPdf_FailsAsInvalidInput()
    {
        var pdf = TestDocuments.Pdf(["Some text that will be cut off"]);

        var error = Assert.Throws<ExecutionFailedException>(() => Read(pdf[..(pdf.Length / 2)]));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.StartsWith("report.pdf is not a readable PDF", error.Message, StringComparison.Ordinal);
        Assert.False(error.Transient);
    }

    [Fact]
    public void Read_EncryptedPdf_FailsAsInvalidInputSayingItIsEncrypted()
    {
        var pdf = TestDocuments.Encrypted(TestDocuments.Pdf(["Confidential"]));

        var error = Assert.Throws<ExecutionFailedException>(() => Read(pdf));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PdfWithMorePagesThanTheLimit_FailsAsInvalidInput()
    {
        var reader = new DocumentReader(new ReaderLimits { MaxPages = 2 });
        var pdf = TestDocuments.Pdf(["one"], ["two"], ["three"]);

        var error = Assert.Throws<ExecutionFailedException>(() => reader.Read(pdf, "application/pdf", "long.pdf", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Equal("long.pdf has 3 pages; at most 2 pages are read per document.", error.Message);
    }

    [Fact]
    public void Read_FileNamedPdfWithoutPdfHeader_FailsAsInvalidInput()
    {
        var error = Assert.Throws<ExecutionFailedException>(
            () => _reader.Read("hello"u8.ToArray(), "application/pdf", "fake.pdf", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("not a PDF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CancelledToken_StopsBeforeReading()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(
            () => _reader.Read(TestDocuments.Pdf(["text"]), "application/pdf", "a.pdf", cancellation.Token));
    }

    [Fact]
    public void SampleInvoice_CommittedFile_ParsesToTheExpectedText()
    {
        var path = Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath);

        // DOCKET_WRITE_SAMPLES=1 regenerates the committed sample from SampleInvoice; the
        // generator is deterministic, so an unchanged generator rewrites identical bytes.
        if (Environment.GetEnvironmentVariable("DOCKET_WRITE_SAMPLES") == "1")
        {
            File.WriteAllBytes(path, SampleInvoice.Build());
        }

        var layout = _reader.Read(File.ReadAllBytes(path), "application/pdf", "invoice.pdf", CancellationToken.None);

        Assert.Equal(SampleInvoice.ExpectedText, Assert.Single(layout.Pages).Text);
    }

    private DocumentLayout Read(byte[] pdf) => _reader.Read(pdf, "application/pdf", "report.pdf", CancellationToken.None);
}
