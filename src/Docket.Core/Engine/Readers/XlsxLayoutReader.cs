using System.Xml;

namespace Docket.Engine.Readers;

/// <summary>
/// An Excel workbook: one page per sheet in workbook order, a line per row with its cells joined
/// by tabs. Values are as stored (numbers as written in the XML, not formatted); the first row of
/// a sheet is its header.
/// </summary>
internal static class XlsxLayoutReader
{
    private const string S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Pr = "http://schemas.openxmlformats.org/package/2006/relationships";

    // A stray cell at XFD1048576 would otherwise pad a row with sixteen thousand empty cells.
    private const int MaxColumns = 1024;

    public static DocumentLayout Read(ReadOnlyMemory<byte> bytes, string name, CancellationToken cancellationToken)
    {
        using var package = OoxmlPackage.Open(bytes, name);
        var workbook = package.Load("xl/workbook.xml")!;
        var targets = Relationships(package);
        var shared = SharedStrings(package);
        var pages = new List<LayoutPage>();
        foreach (var sheet in workbook.GetElementsByTagName("sheet", S).OfType<XmlElement>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = sheet.GetAttribute("id", R);
            var part = targets.TryGetValue(id, out var target) ? target : $"xl/worksheets/sheet{pages.Count + 1}.xml";
            var xml = package.Load(part)!;
            pages.Add(ReadSheet(xml, shared, pages.Count + 1, cancellationToken));
        }

        if (pages.Count == 0)
        {
            throw ExecutionFailedException.InvalidInput($"{name}: xl/workbook.xml lists no sheets.");
        }

        return new DocumentLayout(DocumentFormat.Xlsx, LayoutUnit.Character, pages);
    }

    private static LayoutPage ReadSheet(XmlDocument sheet, List<string> shared, int number, CancellationToken cancellationToken)
    {
        var builder = new TextPageBuilder();
        foreach (var row in sheet.GetElementsByTagName("row", S).OfType<XmlElement>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new List<string>();
            foreach (var cell in row.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "c"))
            {
                var column = Column(cell.GetAttribute("r"));
                if (column >= MaxColumns)
                {
                    continue;
                }

                // Empty cells are left out of the XML; their place is kept so columns line up.
                while (column > cells.Count)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(Value(cell, shared).Replace('\t', ' ').Replace('\n', ' ').Replace("\r", string.Empty, StringComparison.Ordinal));
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (cells.Count > 0)
            {
                builder.AddLine(string.Join('\t', cells), builder.LineCount == 0 ? LineKind.TableHeader : LineKind.TableRow, cells: cells);
            }
        }

        return builder.Build(number);
    }

    private static string Value(XmlElement cell, List<string> shared)
    {
        var value = cell["v", S]?.InnerText;
        switch (cell.GetAttribute("t"))
        {
            case "s":
                return int.TryParse(value, out var index) && index >= 0 && index < shared.Count ? shared[index] : string.Empty;
            case "inlineStr":
                return cell["is", S] is { } inline ? StringItem(inline) : string.Empty;
            case "b":
                return value == "1" ? "TRUE" : "FALSE";
            default:
                return value ?? string.Empty;
        }
    }

    /// <summary>The text of a string item: plain (t) or rich text runs (r/t), without phonetic runs.</summary>
    private static string StringItem(XmlElement item) =>
        string.Concat(item.GetElementsByTagName("t", S).OfType<XmlElement>()
            .Where(t => t.ParentNode is XmlElement { LocalName: not "rPh" } parent && (parent == item || parent.LocalName == "r"))
            .Select(t => t.InnerText));

    private static List<string> SharedStrings(OoxmlPackage package)
    {
        var xml = package.Load("xl/sharedStrings.xml", optional: true);
        return xml?.DocumentElement is { } root
            ? root.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "si").Select(StringItem).ToList()
            : [];
    }

    /// <summary>Sheet relationship ids to part names, from xl/_rels/workbook.xml.rels.</summary>
    private static Dictionary<string, string> Relationships(OoxmlPackage package)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var rels = package.Load("xl/_rels/workbook.xml.rels", optional: true);
        foreach (var rel in rels?.GetElementsByTagName("Relationship", Pr).OfType<XmlElement>() ?? [])
        {
            var target = rel.GetAttribute("Target");
            targets[rel.GetAttribute("Id")] = target.StartsWith('/') ? target[1..] : "xl/" + target;
        }

        return targets;
    }

    /// <summary>The zero-based column of a cell reference such as "C7"; -1 when absent.</summary>
    private static int Column(string reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (c - 'A' + 1);
            letters++;
            if (column > MaxColumns)
            {
                return MaxColumns;
            }
        }

        return letters == 0 ? -1 : column - 1;
    }
}
