using Docket.Engine.Readers;

namespace Docket.Engine.Extraction;

/// <summary>
/// A run of words on one line that belong together: a label, a value, a table cell. Lines are
/// split into cells where the reader put a tab (a wide gap, a table column).
/// </summary>
internal sealed class DocCell
{
    public required int Page { get; init; }

    public required int Index { get; init; }

    public required string Text { get; init; }

    public required LayoutBox Box { get; init; }

    public required IReadOnlyList<LayoutWord> Words { get; init; }

    public DocLine Line { get; set; } = null!;

    public double Height => Line.Height;

    public double Center => (Box.Left + Box.Right) / 2;

    public DocCell? Right => Index + 1 < Line.Cells.Count ? Line.Cells[Index + 1] : null;

    public DocCell? Left => Index > 0 ? Line.Cells[Index - 1] : null;

    public override string ToString() => $"p{Page} l{Line.Index} '{Text}'";
}

/// <summary>One line of a page, in reading order, as cells.</summary>
internal sealed class DocLine
{
    public required int Page { get; init; }

    /// <summary>Position in the whole document's reading order.</summary>
    public required int Index { get; init; }

    public required int Block { get; init; }

    public required LayoutBox Box { get; init; }

    public required IReadOnlyList<DocCell> Cells { get; init; }

    /// <summary>Typical word height on the line: the font size, near enough.</summary>
    public required double Height { get; init; }

    /// <summary>What the reader saw the line to be: DOCX, HTML and spreadsheets mark table rows; PDFs and scans do not.</summary>
    public LineKind Kind { get; init; }

    /// <summary>A row of a table the reader itself found in the document's structure.</summary>
    public bool IsStructuredRow => Kind is LineKind.TableHeader or LineKind.TableRow;

    public string Text => string.Join('\t', Cells.Select(c => c.Text));

    public override string ToString() => $"p{Page} l{Index} '{Text}'";
}

/// <summary>Size of one page, for grounding boxes relative to it.</summary>
internal sealed record DocPage(int Number, double Width, double Height, double LineHeight)
{
    /// <summary>
    /// How far apart two edges may be and still line up: most of a line height on a typeset or
    /// scanned page, a few characters in a text file centred or aligned by hand.
    /// </summary>
    public double AlignTolerance { get; init; } = 0.8 * LineHeight;
}

/// <summary>
/// Every input's layout as one sequence of pages, lines and cells, with what the whole document
/// says about reading numbers and dates (decimal convention, day order, year).
/// </summary>
internal sealed class DocModel
{
    private readonly List<List<DocLine>> _byPage;

    public DocModel(IReadOnlyList<DocumentLayout> layouts)
    {
        ArgumentNullException.ThrowIfNull(layouts);
        var lines = new List<DocLine>();
        var pages = new List<DocPage>();
        _byPage = [];
        foreach (var layout in layouts)
        {
            foreach (var page in layout.Pages)
            {
                var unit = page.Unit ?? layout.Unit;
                var pageIndex = pages.Count;
                var pageLines = new List<DocLine>();
                foreach (var line in page.Lines)
                {
                    if (line.Words.Count == 0 || string.IsNullOrWhiteSpace(line.Text))
                    {
                        continue;
                    }

                    var docLine = BuildLine(line, pageIndex, lines.Count, unit);
                    lines.Add(docLine);
                    pageLines.Add(docLine);
                }

                var heights = pageLines.Select(l => l.Height).Order().ToList();
                var lineHeight = heights.Count == 0 ? 1 : heights[heights.Count / 2];
                pages.Add(new DocPage(pages.Count + 1, page.Width, page.Height, lineHeight)
                {
                    AlignTolerance = unit == LayoutUnit.Character ? 4 : 0.8 * lineHeight,
                });
                _byPage.Add(pageLines.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left).ToList());
            }
        }

        Lines = lines;
        Pages = pages;
        Cells = lines.SelectMany(l => l.Cells).ToList();
        var texts = Cells.Select(c => c.Text).ToList();
        DecimalStyle = DetectDecimalStyle(texts);
        Currency = CurrencyCodes.Detect(texts);
        var dayFirst = DateValue.DetectDayFirst(texts) ?? Currency is not ("USD" or "CAD" or "PHP");
        var years = texts.SelectMany(t => DateValue.FindAll(t, new DateContext(dayFirst, null))).Select(d => d.Date.Year)
            .GroupBy(y => y).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault();
        Dates = new DateContext(dayFirst, years);
    }

    public IReadOnlyList<DocLine> Lines { get; }

    public IReadOnlyList<DocCell> Cells { get; }

    public IReadOnlyList<DocPage> Pages { get; }

    public DecimalStyle DecimalStyle { get; }

    public DateContext Dates { get; }

    /// <summary>The currency the document's codes and symbols point to, if any.</summary>
    public string? Currency { get; }

    /// <summary>Lines of a page from top to bottom (not reading order: side-by-side blocks interleave).</summary>
    public IReadOnlyList<DocLine> PageLines(int page) => _byPage[page];

    /// <summary>
    /// Cells on the lines below <paramref name="cell"/> (top to bottom, nearest first) that share
    /// its horizontal extent, up to <paramref name="maxDistance"/> line heights further down.
    /// </summary>
    public IEnumerable<DocCell> Below(DocCell cell, double maxDistance, double left, double right)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var limit = cell.Box.Top + (maxDistance * Math.Max(cell.Height, Pages[cell.Page].LineHeight));
        foreach (var line in _byPage[cell.Page])
        {
            if (line.Box.Top <= cell.Box.Top + (0.5 * Math.Min(cell.Height, line.Height)) || line == cell.Line)
            {
                continue;
            }

            if (line.Box.Top > limit)
            {
                yield break;
            }

            foreach (var other in line.Cells)
            {
                if (other.Box.Left < right && other.Box.Right > left)
                {
                    yield return other;
                }
            }
        }
    }

    /// <summary>
    /// The cell that continues <paramref name="cell"/>'s block on the next line: just below it, and
    /// aligned with it on the left, the centre or the right.
    /// </summary>
    public DocCell? NextInStack(DocCell cell, double maxGap = 1.9)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var tolerance = Pages[cell.Page].AlignTolerance;
        DocLine? nearest = null;
        foreach (var line in _byPage[cell.Page])
        {
            if (line.Box.Top <= cell.Box.Top + (0.5 * Math.Min(cell.Height, line.Height)) || line == cell.Line)
            {
                continue;
            }

            var candidate = line.Cells.FirstOrDefault(o => o.Box.Left < cell.Box.Right && o.Box.Right > cell.Box.Left);
            if (candidate is null)
            {
                continue;
            }

            nearest = line;
            break;
        }

        if (nearest is null || nearest.Box.Top - cell.Box.Top > maxGap * Math.Max(cell.Height, nearest.Height))
        {
            return null;
        }

        return nearest.Cells.FirstOrDefault(o =>
            Math.Abs(o.Box.Left - cell.Box.Left) <= tolerance
            || Math.Abs(o.Center - cell.Center) <= tolerance
            || Math.Abs(o.Box.Right - cell.Box.Right) <= tolerance && o.Box.Left < cell.Box.Right);
    }

    private static DocLine BuildLine(LayoutLine line, int page, int index, LayoutUnit unit)
    {
        var cellTexts = line.Text.Split('\t');
        var cells = new List<DocCell>();
        var w = 0;
        foreach (var cellText in cellTexts)
        {
            var pieces = cellText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var words = new List<LayoutWord>();
            for (var k = 0; k < pieces.Length && w < line.Words.Count; k++)
            {
                words.Add(line.Words[w++]);
            }

            if (words.Count == 0)
            {
                continue;
            }

            // Text formats align columns with runs of spaces; two or more separate cells.
            foreach (var group in unit == LayoutUnit.Character ? SplitAtGaps(words) : [words])
            {
                cells.Add(new DocCell
                {
                    Page = page,
                    Index = cells.Count,
                    Text = string.Join(' ', group.Select(x => x.Text)),
                    Box = group.Skip(1).Aggregate(group[0].Box, (b, x) => b.Union(x.Box)),
                    Words = group,
                });
            }
        }

        var heights = line.Words.Select(x => x.Box.Height).Order().ToList();
        var docLine = new DocLine
        {
            Page = page,
            Index = index,
            Block = line.Block,
            Box = line.Box,
            Cells = cells,
            Kind = line.Kind,
            Height = Math.Max(heights[heights.Count / 2], 1e-3),
        };
        foreach (var cell in cells)
        {
            cell.Line = docLine;
        }

        return docLine;
    }

    private static List<List<LayoutWord>> SplitAtGaps(List<LayoutWord> words)
    {
        var groups = new List<List<LayoutWord>> { new() { words[0] } };
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Box.Left - words[i - 1].Box.Right >= 2)
            {
                groups.Add([]);
            }

            groups[^1].Add(words[i]);
        }

        return groups;
    }

    /// <summary>Point or comma as the decimal separator, from amounts whose form is unambiguous.</summary>
    private static DecimalStyle DetectDecimalStyle(List<string> texts)
    {
        int point = 0, comma = 0;
        foreach (var text in texts)
        {
            for (var i = 1; i + 2 < text.Length; i++)
            {
                if (text[i] is not ('.' or ',') || !char.IsAsciiDigit(text[i - 1]) || !char.IsAsciiDigit(text[i + 1]) || !char.IsAsciiDigit(text[i + 2]))
                {
                    continue;
                }

                // Two decimals at the end of a number: "1,314.10", "22,43".
                var end = i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 3]) && text[i + 3] is not ('.' or ',');
                if (end)
                {
                    if (text[i] == '.')
                    {
                        point++;
                    }
                    else
                    {
                        comma++;
                    }
                }
            }
        }

        return comma > point ? DecimalStyle.Comma : DecimalStyle.Point;
    }
}
