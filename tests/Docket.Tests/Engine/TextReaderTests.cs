using System.Text;
using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

public sealed class TextReaderTests
{
    private readonly DocumentReader _reader = new(new ReaderLimits());

    [Fact]
    public void Read_TextFile_GivesOnePageWithTheLinesAsWritten()
    {
        var layout = ReadFixture("notes.txt", "text/plain");

        Assert.Equal(DocumentFormat.Text, layout.Format);
        Assert.Equal(LayoutUnit.Character, layout.Unit);
        var page = Assert.Single(layout.Pages);
        Assert.Equal(
            "Meeting notes, 3 May\n\nAttendees: Ana, Bo\t(remote)\nAction: send the revised budget by Friday.",
            page.Text);
        Assert.Equal(4, page.Height);
        Assert.Equal(42, page.Width);
    }

    [Fact]
    public void Read_TextFile_GivesWordBoxesInCharacterCells()
    {
        var line = ReadFixture("notes.txt", "text/plain").Pages[0].Lines[2];

        Assert.Equal(["Attendees:", "Ana,", "Bo", "(remote)"], line.Words.Select(w => w.Text));
        Assert.Equal(new LayoutBox(0, 2, 10, 3), line.Words[0].Box);
        Assert.Equal(new LayoutBox(19, 2, 27, 3), line.Words[3].Box);
        Assert.Equal(new LayoutBox(0, 2, 27, 3), line.Box);
    }

    [Fact]
    public void Read_MarkdownFile_RendersBackUnchanged()
    {
        var layout = ReadFixture("guide.md", null);

        Assert.Equal(DocumentFormat.Markdown, layout.Format);
        var original = File.ReadAllText(TestDocuments.Fixture("guide.md"));
        Assert.Equal(original.TrimEnd('\n'), LayoutMarkdown.Render(layout));
    }

    [Fact]
    public void Read_CsvWithQuotedCommasNewlinesAndQuotes_KeepsEachFieldWhole()
    {
        var page = ReadFixture("orders.csv", "text/csv").Pages[0];

        Assert.Equal(4, page.Lines.Count);
        Assert.Equal(LineKind.TableHeader, page.Lines[0].Kind);
        Assert.Equal(["order_id", "customer", "note", "total"], page.Lines[0].Cells!);
        Assert.Equal(["1001", "Smith, Jane", "Leave at the door, please", "19.99"], page.Lines[1].Cells!);
        Assert.Equal(["1002", "Bo Li", "Two lines: first, then second", "5.00"], page.Lines[2].Cells!);
        Assert.Equal(["1003", "The \"Best\" Shop", "", "120.50"], page.Lines[3].Cells!);
        Assert.Equal("1001\tSmith, Jane\tLeave at the door, please\t19.99", page.Lines[1].Text);
    }

    [Fact]
    public void Read_Csv_RendersAPipeTable()
    {
        var layout = _reader.Read("name,note\nA,\"x|y\"\nB\n"u8.ToArray(), null, "t.csv", CancellationToken.None);

        Assert.Equal("| name | note |\n| --- | --- |\n| A | x\\|y |\n| B |  |", LayoutMarkdown.Render(layout));
    }

    [Fact]
    public void Read_SemicolonCsv_DetectsTheDelimiter()
    {
        var layout = _reader.Read("item;price\nTea;2,50\n"u8.ToArray(), "text/csv", "prices.csv", CancellationToken.None);

        Assert.Equal(["Tea", "2,50"], layout.Pages[0].Lines[1].Cells!);
    }

    [Fact]
    public void Read_Html_DropsScriptStyleAndCommentsAndDecodesEntities()
    {
        var page = ReadFixture("report.html", "text/html").Pages[0];

        Assert.Equal(
            "Quarterly report\n"
            + "Revenue & costs for Q1 2024 \u2014 all figures in \u20ac.\n"
            + "- Revenue grew by 12%\n"
            + "- Costs were flat\n"
            + "Figures\n"
            + "Region\tRevenue\tNote\n"
            + "North\t1,200\tUp | strong\n"
            + "South\tNo data\t\n"
            + "Prepared by\n"
            + "Finance",
            page.Text);
    }

    [Fact]
    public void Read_Html_RendersHeadingsListsAndTablesAsMarkdown()
    {
        var layout = ReadFixture("report.html", "text/html");

        Assert.Equal(
            "# Quarterly report\n\n"
            + "Revenue & costs for Q1 2024 \u2014 all figures in \u20ac.\n\n"
            + "- Revenue grew by 12%\n"
            + "- Costs were flat\n\n"
            + "## Figures\n\n"
            + "| Region | Revenue | Note |\n"
            + "| --- | --- | --- |\n"
            + "| North | 1,200 | Up \\| strong |\n"
            + "| South | No data |  |\n\n"
            + "Prepared by\n"
            + "Finance",
            LayoutMarkdown.Render(layout));
    }

    [Fact]
    public void Read_HtmlWithUnclosedTags_IsReadAsABrowserWouldShowIt()
    {
        var html = "<p>One<p>Two &lt;3 <b>bold<table><tr><td>a<td>b<div>c</div><tr><td>d"u8.ToArray();

        var layout = _reader.Read(html, null, "page.html", CancellationToken.None);

        Assert.Equal("One\nTwo <3 bold\na\tb c\nd\t", layout.Pages[0].Text);
    }

    [Fact]
    public void Read_HtmlPreAndNestedLists_KeepTheirLines()
    {
        var html = "<pre>\n  indented\n\n  code</pre><ul><li>A<ul><li>a1</li></ul></li><li>B</li></ul>"u8.ToArray();

        var page = _reader.Read(html, "text/html", "p.html", CancellationToken.None).Pages[0];

        Assert.Equal(["  indented", "", "  code", "- A", "  - a1", "- B"], page.Lines.Select(l => l.Text));
    }

    [Fact]
    public void Read_HtmlWithoutTypeOrExtension_IsRecognisedByItsDoctype()
    {
        var html = "<!doctype html><html><body><h3>Hi</h3><ol><li>x</li><li>y</li></ol></body></html>"u8.ToArray();

        var layout = _reader.Read(html, "application/octet-stream", "download", CancellationToken.None);

        Assert.Equal(DocumentFormat.Html, layout.Format);
        Assert.Equal("### Hi\n\n1. x\n2. y", LayoutMarkdown.Render(layout));
    }

    [Fact]
    public void Read_CsvUploadedAsTextPlain_IsReadAsCsvByItsExtension()
    {
        var layout = _reader.Read("a,b\n1,2\n"u8.ToArray(), "text/plain", "data.csv", CancellationToken.None);

        Assert.Equal(DocumentFormat.Csv, layout.Format);
    }

    [Fact]
    public void Read_TextMentioningThePdfHeader_StaysText()
    {
        var layout = _reader.Read("Every PDF starts with %PDF-1.7 or similar."u8.ToArray(), "text/plain", "notes.txt", CancellationToken.None);

        Assert.Equal(DocumentFormat.Text, layout.Format);
    }

    [Fact]
    public void Read_PdfAfterJunkBytes_IsStillAPdf()
    {
        var pdf = "garbage\n"u8.ToArray().Concat(TestDocuments.Pdf(["Late header"])).ToArray();

        var layout = _reader.Read(pdf, "application/octet-stream", "upload", CancellationToken.None);

        Assert.Equal("Late header", layout.Pages[0].Text);
    }

    [Fact]
    public void Read_TextThatIsNotUtf8_IsDecodedAsLatin1()
    {
        var layout = _reader.Read(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, "text/plain", "menu.txt", CancellationToken.None);

        Assert.Equal("caf\u00e9", layout.Pages[0].Text);
    }

    [Fact]
    public void Read_TextWithByteOrderMark_DropsTheMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("Hello"u8.ToArray()).ToArray();

        Assert.Equal("Hello", _reader.Read(bytes, null, "a.txt", CancellationToken.None).Pages[0].Text);
    }

    [Fact]
    public void Read_Image_FailsAsInvalidInputNamingTheContentType()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        var error = Assert.Throws<ExecutionFailedException>(() => _reader.Read(png, "image/png", "scan.png", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("'image/png'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("scan.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinaryWithoutType_FailsAsInvalidInput()
    {
        var error = Assert.Throws<ExecutionFailedException>(
            () => _reader.Read(new byte[] { 0, 1, 2, 3, 0, 5 }, null, "blob", CancellationToken.None));

        Assert.Contains("'application/octet-stream'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocumentOverTheByteLimit_FailsAsInvalidInput()
    {
        var reader = new DocumentReader(new ReaderLimits { MaxBytes = 10 });

        var error = Assert.Throws<ExecutionFailedException>(
            () => reader.Read("eleven char"u8.ToArray(), "text/plain", "a.txt", CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Equal("a.txt is 11 bytes; documents of at most 10 bytes are read.", error.Message);
    }

    private DocumentLayout ReadFixture(string name, string? contentType) =>
        _reader.Read(File.ReadAllBytes(TestDocuments.Fixture(name)), contentType, name, CancellationToken.None);
}
