using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

public sealed class OfficeReaderTests
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly DocumentReader _reader = new(new ReaderLimits());

    [Fact]
    public void Read_Docx_GivesParagraphsHeadingsAndTableRowsInOrder()
    {
        var layout = _reader.Read(OfficeDocuments.InvoiceDocx(), DocxType, "memo.docx", CancellationToken.None);

        Assert.Equal(DocumentFormat.Docx, layout.Format);
        var page = Assert.Single(layout.Pages);
        Assert.Equal(
            "Invoice INV-2041\nVendor:\tAcme GmbH\nDue: 2026-12-01\nItem\tAmount\nConsulting\t1,200.00\nThank you.",
            page.Text);
        Assert.Equal(LineKind.Heading, page.Lines[0].Kind);
        Assert.Equal(1, page.Lines[0].HeadingLevel);
        Assert.Equal(LineKind.TableHeader, page.Lines[3].Kind);
        Assert.Equal(["Consulting", "1,200.00"], page.Lines[4].Cells!);
        Assert.Equal(LineKind.TableRow, page.Lines[4].Kind);
    }

    [Fact]
    public void Read_DocxWithParagraphsAfterTables_KeepsThemInDocumentOrder()
    {
        var docx = OfficeDocuments.Docx(
            OfficeDocuments.DocxParagraph("Order 88")
            + OfficeDocuments.DocxTable(["Item", "Qty", "Amount"], ["Widget", "2", "10.00"])
            + OfficeDocuments.DocxParagraph("Delivered on 3 March, 2 boxes.")
            + OfficeDocuments.DocxTable(["Note"], ["Fragile"])
            + OfficeDocuments.DocxParagraph("End of order."));

        var page = Assert.Single(_reader.Read(docx, DocxType, "order.docx", CancellationToken.None).Pages);

        Assert.Equal("Order 88\nItem\tQty\tAmount\nWidget\t2\t10.00\nDelivered on 3 March, 2 boxes.\nNote\nFragile\nEnd of order.", page.Text);
        Assert.Equal(
            [LineKind.Text, LineKind.TableHeader, LineKind.TableRow, LineKind.Text, LineKind.TableHeader, LineKind.TableRow, LineKind.Text],
            page.Lines.Select(l => l.Kind));
        Assert.Equal(5, page.Lines.Select(l => l.Block).Distinct().Count());
    }

    [Fact]
    public void Read_DocxUploadedAsOctetStream_IsDetectedFromItsParts()
    {
        var layout = _reader.Read(OfficeDocuments.InvoiceDocx(), "application/octet-stream", "upload.bin", CancellationToken.None);

        Assert.Equal(DocumentFormat.Docx, layout.Format);
    }

    [Fact]
    public void Read_Xlsx_GivesOnePagePerSheetInWorkbookOrder()
    {
        var layout = _reader.Read(OfficeDocuments.TwoSheetXlsx(), XlsxType, "book.xlsx", CancellationToken.None);

        Assert.Equal(DocumentFormat.Xlsx, layout.Format);
        Assert.Equal([1, 2], layout.Pages.Select(p => p.Number));
        Assert.Equal("Total\t1350.5", layout.Pages[0].Text);
        Assert.Equal("Item\tAmount\tBillable\nConsulting\t1200.5\tTRUE\nTravel\t\tFALSE", layout.Pages[1].Text);
        Assert.Equal(LineKind.TableHeader, layout.Pages[1].Lines[0].Kind);
        Assert.Equal(["Travel", string.Empty, "FALSE"], layout.Pages[1].Lines[2].Cells!);
    }

    [Fact]
    public void Read_DocxWithoutDocumentPart_FailsAsInvalidInput()
    {
        var bytes = OfficeDocuments.Zip(("[Content_Types].xml", "<Types/>"), ("word/styles.xml", "<styles/>"));

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(bytes, DocxType, "broken.docx", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("broken.docx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxWithMissingSheetPart_FailsAsInvalidInputNamingThePart()
    {
        var bytes = OfficeDocuments.Zip(("xl/workbook.xml", """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1"/></sheets></workbook>
            """));

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(bytes, XlsxType, "book.xlsx", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("xl/worksheets/sheet1.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocxThatInflatesBeyondTheCap_FailsAsInvalidInputNamingAZipBomb()
    {
        // 80 MiB of one repeated character deflates to well under a megabyte.
        var body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><!--"
            + new string('a', 80 * 1024 * 1024) + "--></w:document>";
        var bytes = OfficeDocuments.Zip(("word/document.xml", body));

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(bytes, DocxType, "bomb.docx", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipWithTooManyEntries_FailsAsInvalidInput()
    {
        var parts = Enumerable.Range(0, 10_001).Select(i => ($"x/{i}.xml", "<a/>")).Prepend(("word/document.xml", "<a/>")).ToArray();

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(OfficeDocuments.Zip(parts), DocxType, "many.docx", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("zip entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlainZip_FailsAsUnsupported()
    {
        var bytes = OfficeDocuments.Zip(("readme.txt", "hello"));

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(bytes, "application/zip", "files.zip", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("application/zip", error.Message, StringComparison.Ordinal);
    }
}
