using System.Text;
using System.Xml;

namespace Docket.Engine.Readers;

/// <summary>
/// A Word document's body in order: a paragraph is a line (a break starts another), headings keep
/// their level, and a table row is a line of tab-joined cells. One page, since DOCX has no pages
/// until it is laid out.
/// </summary>
internal static class DocxLayoutReader
{
    internal const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public static DocumentLayout Read(ReadOnlyMemory<byte> bytes, string name, CancellationToken cancellationToken)
    {
        using var package = OoxmlPackage.Open(bytes, name);
        var document = package.Load("word/document.xml")!;
        var body = document.DocumentElement?["body", W]
            ?? throw ExecutionFailedException.InvalidInput($"{name}: word/document.xml has no w:body.");
        var builder = new TextPageBuilder();
        AddBlocks(builder, body, cancellationToken);
        return new DocumentLayout(DocumentFormat.Docx, LayoutUnit.Character, [builder.Build()]);
    }

    private static void AddBlocks(TextPageBuilder builder, XmlElement container, CancellationToken cancellationToken)
    {
        foreach (var child in container.ChildNodes.OfType<XmlElement>().Where(e => e.NamespaceURI == W))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (child.LocalName)
            {
                case "p":
                    AddParagraph(builder, child);
                    break;
                case "tbl":
                    AddTable(builder, child);
                    break;

                // Content controls and tracked insertions wrap whole paragraphs and tables.
                case "sdt" or "sdtContent" or "customXml" or "ins":
                    AddBlocks(builder, child, cancellationToken);
                    break;
            }
        }
    }

    private static void AddParagraph(TextPageBuilder builder, XmlElement paragraph)
    {
        var level = HeadingLevel(paragraph);
        var lines = ParagraphText(paragraph).Split('\n');
        builder.BreakBlock();
        foreach (var line in lines)
        {
            var text = line.TrimEnd();
            if (text.Length > 0)
            {
                builder.AddLine(text, level > 0 ? LineKind.Heading : LineKind.Text, level);
            }
        }
    }

    private static void AddTable(TextPageBuilder builder, XmlElement table)
    {
        builder.BreakBlock();
        var first = true;
        foreach (var row in table.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "tr" && e.NamespaceURI == W))
        {
            var cells = row.ChildNodes.OfType<XmlElement>()
                .Where(e => e.LocalName == "tc" && e.NamespaceURI == W)
                .Select(CellText)
                .ToArray();
            builder.AddLine(string.Join('\t', cells), first ? LineKind.TableHeader : LineKind.TableRow, cells: cells);
            first = false;
        }
    }

    /// <summary>A cell's paragraphs joined by spaces: a layout line is one line of text.</summary>
    private static string CellText(XmlElement cell) =>
        string.Join(' ', cell.GetElementsByTagName("p", W).OfType<XmlElement>()
            .Select(p => ParagraphText(p).Replace('\n', ' ').Replace('\t', ' ').Trim())
            .Where(t => t.Length > 0));

    private static string ParagraphText(XmlElement paragraph)
    {
        var text = new StringBuilder();
        Append(paragraph, text);
        return text.ToString();
    }

    private static void Append(XmlElement element, StringBuilder text)
    {
        foreach (var child in element.ChildNodes.OfType<XmlElement>())
        {
            if (child.NamespaceURI != W)
            {
                continue;
            }

            switch (child.LocalName)
            {
                case "t":
                    text.Append(child.InnerText);
                    break;
                case "tab":
                    text.Append('\t');
                    break;
                case "br":
                case "cr":
                    text.Append('\n');
                    break;
                case "pPr":
                case "rPr":
                case "instrText":
                case "delText":
                    break;
                default:
                    // Runs, hyperlinks, smart tags and insertions all hold their text in children.
                    Append(child, text);
                    break;
            }
        }
    }

    /// <summary>1–6 for a paragraph styled "Heading N" or "Title", otherwise 0.</summary>
    private static int HeadingLevel(XmlElement paragraph)
    {
        var style = paragraph["pPr", W]?["pStyle", W]?.GetAttribute("val", W);
        if (string.IsNullOrEmpty(style))
        {
            return 0;
        }

        if (style.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(style.AsSpan(7), out var level) && level is >= 1 and <= 6
            ? level
            : 0;
    }
}
