using System.Text;
using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

public sealed class EmlReaderTests
{
    private readonly DocumentReader _reader = new(new ReaderLimits());

    [Fact]
    public void Read_EmlWithQuotedPrintableBodyAndCsvAttachment_GivesBodyPageThenAttachmentPage()
    {
        var csv = Convert.ToBase64String("item,amount\nConsulting,1200.00\n"u8.ToArray(), Base64FormattingOptions.InsertLineBreaks);
        var eml = $"""
            From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.com>
            To: ap@example.com
            Subject: =?iso-8859-1?Q?Rechnung_f=FCr_M=E4rz?=
            Date: Tue, 24 Nov 2026 09:30:00 +0100
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            This is a multi-part message in MIME format.
            --outer
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe, the invoice total is 1,200.00 and this line is long enough t=
            o be soft-wrapped.

            Regards
            --outer
            Content-Type: text/csv; name="lines.csv"
            Content-Disposition: attachment; filename="lines.csv"
            Content-Transfer-Encoding: base64

            {csv}
            --outer
            Content-Type: application/zip; name="archive.zip"
            Content-Transfer-Encoding: base64

            UEsDBAo=
            --outer--
            """.ReplaceLineEndings("\r\n");

        var layout = _reader.Read(Encoding.ASCII.GetBytes(eml), "message/rfc822", "mail.eml", CancellationToken.None);

        Assert.Equal(DocumentFormat.Eml, layout.Format);
        Assert.Equal([1, 2], layout.Pages.Select(p => p.Number));
        Assert.Equal(
            "From: Jürgen Müller <jm@example.com>\nTo: ap@example.com\nSubject: Rechnung für März\nDate: Tue, 24 Nov 2026 09:30:00 +0100\n"
            + "Grüße, the invoice total is 1,200.00 and this line is long enough to be soft-wrapped.\nRegards",
            layout.Pages[0].Text);
        Assert.Equal("item\tamount\nConsulting\t1200.00", layout.Pages[1].Text);
        Assert.Equal(["Consulting", "1200.00"], layout.Pages[1].Lines[1].Cells!);
    }

    [Fact]
    public void Read_EmlWithOnlyAnHtmlBody_ReadsItThroughTheHtmlReader()
    {
        var html = Convert.ToBase64String(Encoding.Latin1.GetBytes("<html><body><h1>Bestätigung</h1><table><tr><th>Item</th><th>Qty</th></tr><tr><td>Pens</td><td>3</td></tr></table></body></html>"));
        var eml = $"""
            From: shop@example.com
            Subject: Order
            Content-Type: text/html; charset=ISO-8859-1
            Content-Transfer-Encoding: base64

            {html}
            """;

        var page = Assert.Single(_reader.Read(Encoding.ASCII.GetBytes(eml), null, "order.eml", CancellationToken.None).Pages);

        Assert.Equal("From: shop@example.com\nSubject: Order\nBestätigung\nItem\tQty\nPens\t3", page.Text);
        Assert.Equal(LineKind.Heading, page.Lines[2].Kind);
        Assert.Equal(LineKind.TableHeader, page.Lines[3].Kind);
    }

    [Fact]
    public void Read_EmlWithDocxAttachment_AppendsTheDocumentsPage()
    {
        var docx = Convert.ToBase64String(OfficeDocuments.InvoiceDocx(), Base64FormattingOptions.InsertLineBreaks);
        var eml = $"""
            From: a@example.com
            Subject: Memo
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: text/plain

            See attached.
            --b1
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=utf-8''memo%20final.docx
            Content-Transfer-Encoding: base64

            {docx}
            --b1--
            """;

        var layout = _reader.Read(Encoding.ASCII.GetBytes(eml), "message/rfc822", "memo.eml", CancellationToken.None);

        Assert.Equal(2, layout.Pages.Count);
        Assert.StartsWith("Invoice INV-2041\nVendor:\tAcme GmbH", layout.Pages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmlWithPdfAttachment_KeepsThePdfPagesUnit()
    {
        var pdf = Convert.ToBase64String(TestDocuments.Pdf(["Attached invoice"]), Base64FormattingOptions.InsertLineBreaks);
        var eml = $"""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: text/plain

            Invoice attached.
            --b1
            Content-Type: application/pdf; name=invoice.pdf
            Content-Transfer-Encoding: base64

            {pdf}
            --b1--
            """;

        var layout = _reader.Read(Encoding.ASCII.GetBytes(eml), "message/rfc822", "mail.eml", CancellationToken.None);

        Assert.Equal(LayoutUnit.Character, layout.Unit);
        Assert.Null(layout.Pages[0].Unit);
        Assert.Equal(2, layout.Pages[1].Number);
        Assert.Equal(LayoutUnit.Point, layout.Pages[1].Unit);
        Assert.Equal("Attached invoice", layout.Pages[1].Text);
    }

    [Fact]
    public void Read_EmlUploadedWithoutTypeOrExtension_IsDetectedFromItsHeaders()
    {
        var eml = "Received: from mx.example.com\r\nFrom: a@example.com\r\nSubject: Hi\r\nMIME-Version: 1.0\r\n\r\nHello there.\r\n";

        var layout = _reader.Read(Encoding.ASCII.GetBytes(eml), null, "upload", CancellationToken.None);

        Assert.Equal(DocumentFormat.Eml, layout.Format);
        Assert.Equal("From: a@example.com\nSubject: Hi\nHello there.", Assert.Single(layout.Pages).Text);
    }

    [Fact]
    public void Read_TextNoteStartingWithFrom_StaysText()
    {
        var layout = _reader.Read("From: the desk of Ana\n\nPlease review."u8.ToArray(), null, "note", CancellationToken.None);

        Assert.Equal(DocumentFormat.Text, layout.Format);
    }

    [Fact]
    public void Read_EmlWithoutHeaders_FailsAsInvalidInput()
    {
        var error = Assert.Throws<ExecutionFailedException>(
            () => _reader.Read("\n\njust text"u8.ToArray(), "message/rfc822", "empty.eml", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }
}
