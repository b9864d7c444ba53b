using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Engine;

/// <summary>Builds the PDFs the reader tests read, and finds files shipped in the repository.</summary>
internal static class TestDocuments
{
    public static readonly string[] LeftColumn =
    [
        "Column layouts are common in journals and newsletters",
        "because short lines are easier to read quickly and",
        "let a page hold more text without tiring the eye.",
        "A reader finishes the left column before moving on",
        "to the right one, and extraction has to do the same.",
    ];

    public static readonly string[] RightColumn =
    [
        "The right column continues the argument where the",
        "left column stopped, at the top of the same page.",
        "Reading across both columns line by line would mix",
        "two unrelated sentences into one meaningless line",
        "and break any extraction that depends on the text.",
    ];

    /// <summary>The repository's root directory, found from the test binaries upwards.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Docket.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Docket.slnx not found above the test binaries.");
        }
    }

    /// <summary>The shared evaluation corpus, read only: ../shared/corpus beside the repository.</summary>
    public static string SharedCorpus => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    public static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "Docket.Tests", "Engine", "Fixtures", name);

    /// <summary>One page per entry, each holding its lines 20 points apart from the top.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.Letter);
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 12, new PdfPoint(72, 700 - (20 * i)), font);
            }
        }

        return FixId(builder.Build());
    }

    /// <summary>
    /// A title, four paragraphs in each of two columns with aligned baselines, and a footer
    /// well below the columns.
    /// </summary>
    public static byte[] TwoColumnPdf(int pageCount = 1)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        for (var p = 0; p < pageCount; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText("Reading Order in Two Column Documents", 18, new PdfPoint(50, 780), bold);
            for (var block = 0; block < 4; block++)
            {
                for (var i = 0; i < LeftColumn.Length; i++)
                {
                    // Paragraphs 8 points apart, in both columns at the same heights.
                    var y = 740 - (block * ((LeftColumn.Length * 13) + 8)) - (i * 13);
                    page.AddText(LeftColumn[i], 9, new PdfPoint(50, y), font);
                    page.AddText(RightColumn[i], 9, new PdfPoint(310, y), font);
                }
            }

            page.AddText($"Page {p + 1} of {pageCount}: the footer runs across the whole width of the page", 9, new PdfPoint(50, 60), font);
        }

        return FixId(builder.Build());
    }

    /// <summary>
    /// An address block beside a block of labelled dates with a wider line spacing, so the two
    /// blocks share no baselines, as on many purchase orders.
    /// </summary>
    public static byte[] SideBySideBlocksPdf()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        string[] address = ["To:", "Wood & Sons Inc.", "5539 Commerce Ave", "Suite 143", "Columbus, OH 43248", "United States"];
        for (var i = 0; i < address.Length; i++)
        {
            page.AddText(address[i], 9, new PdfPoint(60, 740 - (13 * i)), font);
        }

        (string Label, string Value)[] details = [("Order no.:", "HEX/808"), ("Date:", "16.07.2025"), ("Delivery by:", "23.07.2025"), ("Contact:", "Zoe Morris")];
        for (var i = 0; i < details.Length; i++)
        {
            page.AddText(details[i].Label, 9, new PdfPoint(370, 744 - (18 * i)), font);
            page.AddText(details[i].Value, 9, new PdfPoint(450, 744 - (18 * i)), font);
        }

        return FixId(builder.Build());
    }

    /// <summary>
    /// PdfPig writes a random document /ID; a fixed one makes a generated file byte-identical
    /// every time, so regenerating the committed sample changes nothing.
    /// </summary>
    public static byte[] FixId(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var start = text.LastIndexOf("/ID [", StringComparison.Ordinal);
        if (start < 0)
        {
            return pdf;
        }

        var end = text.IndexOf(']', start);
        var id = new StringBuilder("/ID [");
        foreach (var c in text[(start + 5)..end])
        {
            id.Append(Uri.IsHexDigit(c) ? '0' : c);
        }

        return Encoding.Latin1.GetBytes(text[..start] + id + text[end..]);
    }

    /// <summary>The PDF with an /Encrypt dictionary whose empty user password does not match.</summary>
    public static byte[] Encrypted(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var trailerEnd = text.LastIndexOf(">>", text.LastIndexOf("startxref", StringComparison.Ordinal), StringComparison.Ordinal);
        var key = new string('A', 64);
        var encrypt = $" /Encrypt << /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -4 >> ";
        return Encoding.Latin1.GetBytes(text[..trailerEnd] + encrypt + text[trailerEnd..]);
    }

    /// <summary>Text whose right edge is at <paramref name="right"/>, as amounts in a table sit.</summary>
    public static void AddRightAligned(PdfPageBuilder page, string text, double size, double right, double y, PdfDocumentBuilder.AddedFont font)
    {
        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        var width = letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X;
        page.AddText(text, size, new PdfPoint(right - width, y), font);
    }
}
