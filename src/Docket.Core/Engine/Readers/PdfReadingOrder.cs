namespace Docket.Engine.Readers;

/// <summary>
/// Reading order of a PDF page's fragments. Rows are read top to bottom, whole, so a table row
/// stays one line; a region is read side by side only when a vertical gutter separates two
/// sides that are both running text or that do not share rows. That keeps tables and aligned
/// label/value blocks row-wise, which is what an extractor needs, while two-column articles and
/// misaligned blocks next to each other are read one after the other.
/// </summary>
internal static class PdfReadingOrder
{
    // A column is at least this many lines; it is running text when the median line has at
    // least this many words, which table columns (amounts, quantities, labels) fall short of.
    private const int MinColumnRows = 3;
    private const int MinColumnMedianWords = 4;

    // Baselines this close, in ems, are one row of a table.
    private const double AlignedEm = 0.15;

    // A gutter is at least this wide, in ems, as wide as the gap that separates cells.
    private const double MinGutterEm = 0.8;

    // White space this many ems high across a whole region separates parts read one after the
    // other; paragraph spacing is well below it.
    private const double BandGapEm = 2.0;

    // Only a few candidate gutters per region are tried, which bounds the cost of a dense table.
    private const int MaxCandidates = 8;

    public static List<PdfOrderedLine> Order(IReadOnlyList<PdfFragment> fragments)
    {
        var lines = new List<PdfOrderedLine>();
        if (fragments.Count == 0)
        {
            return lines;
        }

        var region = 0;
        OrderRegion(fragments, lines, ref region);
        return lines;
    }

    private static void OrderRegion(IReadOnlyList<PdfFragment> fragments, List<PdfOrderedLine> lines, ref int region)
    {
        var rows = fragments.GroupBy(f => f.Row).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var em = fragments.Select(f => f.Size).Order().ElementAt(fragments.Count / 2);
        var bands = SplitBands(rows, em);
        if (bands.Count > 1)
        {
            foreach (var band in bands)
            {
                OrderRegion(band.SelectMany(r => r).ToList(), lines, ref region);
            }

            return;
        }

        if (rows.Count >= 2 * MinColumnRows)
        {
            foreach (var gutter in CandidateGutters(fragments, rows.Count, em))
            {
                var segments = Segment(rows, gutter);
                if (!segments.Any(s => !s.Crossing && IsColumnPair(s.Rows, gutter)))
                {
                    continue;
                }

                // Every recursion below is on a strict subset of the fragments, so it ends.
                foreach (var (segmentRows, crossing) in segments)
                {
                    var all = segmentRows.SelectMany(r => r).ToList();
                    if (crossing || !IsColumnPair(segmentRows, gutter))
                    {
                        OrderRegion(all, lines, ref region);
                        continue;
                    }

                    OrderRegion(all.Where(f => f.Right <= gutter.Left).ToList(), lines, ref region);
                    OrderRegion(all.Where(f => f.Right > gutter.Left).ToList(), lines, ref region);
                }

                return;
            }
        }

        region++;
        foreach (var row in rows)
        {
            lines.Add(new PdfOrderedLine(row, region));
        }
    }

    /// <summary>
    /// Vertical strips that few fragments cross, least crossed and widest first. A page's column
    /// gutter is crossed only by full-width lines such as a title, so it shows as a valley in how
    /// many fragments cover each x.
    /// </summary>
    private static IEnumerable<Gutter> CandidateGutters(IReadOnlyList<PdfFragment> fragments, int rowCount, double em)
    {
        var maxCrossing = rowCount / 4;

        var edges = fragments
            .SelectMany(f => new[] { (X: f.Left, Delta: 1), (X: f.Right, Delta: -1) })
            .OrderBy(e => e.X)
            .ThenBy(e => e.Delta)
            .ToList();

        // Elementary strips between consecutive edges, with how many fragments cover each.
        var strips = new List<(double Left, double Right, int Cover)>();
        var cover = 0;
        for (var i = 0; i < edges.Count - 1; i++)
        {
            cover += edges[i].Delta;
            if (edges[i + 1].X > edges[i].X)
            {
                strips.Add((edges[i].X, edges[i + 1].X, cover));
            }
        }

        // Runs of adjacent strips with the same low cover are candidate gutters.
        var candidates = new List<Gutter>();
        var start = 0;
        while (start < strips.Count)
        {
            var end = start;
            while (end + 1 < strips.Count && strips[end + 1].Cover == strips[start].Cover)
            {
                end++;
            }

            var gutter = new Gutter(strips[start].Left, strips[end].Right, strips[start].Cover);
            if (gutter.Cover <= maxCrossing && gutter.Right - gutter.Left >= MinGutterEm * em)
            {
                candidates.Add(gutter);
            }

            start = end + 1;
        }

        return candidates
            .OrderBy(g => g.Cover)
            .ThenByDescending(g => g.Right - g.Left)
            .ThenBy(g => g.Left)
            .Take(MaxCandidates);
    }

    /// <summary>
    /// Splits rows at horizontal bands of white space across the whole region. What lies below
    /// such a band (a footer, the next article) is read after what lies above it, whatever
    /// columns either has.
    /// </summary>
    private static List<List<List<PdfFragment>>> SplitBands(List<List<PdfFragment>> rows, double em)
    {
        var bands = new List<List<List<PdfFragment>>>();
        var bottom = double.NegativeInfinity;
        foreach (var row in rows)
        {
            var top = row.Min(f => f.Top);
            if (bands.Count == 0 || top - bottom > BandGapEm * em)
            {
                bands.Add([]);
            }

            bands[^1].Add(row);
            bottom = Math.Max(bottom, row.Max(f => f.Bottom));
        }

        return bands;
    }

    /// <summary>Splits rows into runs that do or do not cross the gutter, keeping their order.</summary>
    private static List<(List<List<PdfFragment>> Rows, bool Crossing)> Segment(List<List<PdfFragment>> rows, Gutter gutter)
    {
        var segments = new List<(List<List<PdfFragment>> Rows, bool Crossing)>();
        foreach (var row in rows)
        {
            var crossing = row.Exists(f => f.Left < gutter.Right && f.Right > gutter.Left);
            if (segments.Count == 0 || segments[^1].Crossing != crossing)
            {
                segments.Add(([], crossing));
            }

            segments[^1].Rows.Add(row);
        }

        return segments;
    }

    /// <summary>
    /// Whether the two sides of a gutter are read one after the other: both are running text, or
    /// they are blocks whose lines do not share rows (an address beside a block of dates with
    /// another line spacing), which read line by line would interleave. A table's columns share
    /// their rows, so a table stays row-wise.
    /// </summary>
    private static bool IsColumnPair(List<List<PdfFragment>> rows, Gutter gutter)
    {
        var left = rows.SelectMany(r => r).Where(f => f.Right <= gutter.Left).ToList();
        var right = rows.SelectMany(r => r).Where(f => f.Left >= gutter.Right).ToList();
        var leftRows = left.Select(f => f.Row).ToHashSet();
        var rightRows = right.Select(f => f.Row).ToHashSet();
        if (leftRows.Count < MinColumnRows || rightRows.Count < MinColumnRows)
        {
            return false;
        }

        var aligned = rows.Count(row => row.Exists(l => l.Right <= gutter.Left && row.Exists(r => r.Left >= gutter.Right && AreAligned(l, r))));
        return aligned * 2 <= Math.Min(leftRows.Count, rightRows.Count) || (IsProse(left) && IsProse(right));
    }

    /// <summary>
    /// Cells of a table row sit on one baseline; lines of unrelated blocks only come near one,
    /// close enough to share a row but rarely this close.
    /// </summary>
    private static bool AreAligned(PdfFragment left, PdfFragment right) =>
        Math.Abs(left.Baseline - right.Baseline) <= AlignedEm * Math.Min(left.Size, right.Size);

    private static bool IsProse(List<PdfFragment> fragments)
    {
        var words = fragments.Select(f => f.Words.Count).Order().ToList();
        return words[words.Count / 2] >= MinColumnMedianWords;
    }

    private readonly record struct Gutter(double Left, double Right, int Cover);
}
