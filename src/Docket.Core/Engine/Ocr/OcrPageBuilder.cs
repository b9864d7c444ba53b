using System.Globalization;
using Docket.Engine.Readers;

namespace Docket.Engine.Ocr;

/// <summary>
/// Tesseract's TSV output to a layout page. Words are straightened by the page's skew (a
/// scan is rarely square), grouped into rows across Tesseract's blocks so a table row or a
/// label and its value stay one line, and split into cells at wide gaps, like the PDF reader.
/// </summary>
internal static class OcrPageBuilder
{
    // A gap wider than this many word heights separates cells, as a tab does in PDF lines.
    private const double CellGap = 1.1;

    // Marks that table rules, shadows and specks leave at the ends of words.
    private const string Junk = "~—_“”‘’|`^«»";

    // Line spacing this many times the page's usual spacing starts a new block.
    private const double ParagraphSpacing = 1.5;

    /// <summary>
    /// Builds page <paramref name="number"/> from the TSV of one or more Tesseract runs over the
    /// same image: the first run's words, plus confident words of later runs where the first
    /// found nothing. Coordinates are multiplied by <paramref name="scale"/> (pixels to points
    /// for a rendered PDF page, 1 for an image).
    /// </summary>
    public static LayoutPage Build(IReadOnlyList<string> runs, int number, double scale)
    {
        ArgumentNullException.ThrowIfNull(runs);
        double width = 0, height = 0;
        var words = new List<OcrWord>();
        for (var run = 0; run < runs.Count; run++)
        {
            var (w, h, found) = Parse(runs[run], run);
            width = Math.Max(width, w);
            height = Math.Max(height, h);
            foreach (var word in found)
            {
                if (run == 0 || word.Confidence >= 50 && word.Text.Any(char.IsLetterOrDigit) && !words.Exists(other => Overlaps(word.Box, other.Box)))
                {
                    words.Add(word);
                }
            }
        }

        words = WithoutNoise(words);
        if (words.Count == 0)
        {
            return new LayoutPage(number, width * scale, height * scale, []);
        }

        var slope = Skew(words);
        var straight = words.Select(w => w with { Box = Rotate(w.Box, slope) }).ToList();
        var rows = Rows(straight);
        var lines = new List<LayoutLine>();
        var heights = straight.Select(w => w.Box.Height).Order().ToList();
        var usualHeight = heights[heights.Count / 2];
        var spacings = rows.Zip(rows.Skip(1), (a, b) => Top(b) - Top(a)).Where(s => s > 0).Order().ToList();
        var usualSpacing = spacings.Count == 0 ? double.PositiveInfinity : spacings[spacings.Count / 2];
        var block = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0 && Top(rows[r]) - Top(rows[r - 1]) > ParagraphSpacing * Math.Max(usualSpacing, usualHeight))
            {
                block++;
            }

            var row = WithoutStrayDashes(rows[r]);
            if (row.Count > 0)
            {
                lines.Add(ToLine(row, block, scale));
            }
        }

        return new LayoutPage(number, width * scale, height * scale, lines);
    }

    /// <summary>Two boxes share a good part of the smaller one: the same word read twice.</summary>
    private static bool Overlaps(LayoutBox a, LayoutBox b)
    {
        var width = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var height = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return width > 0 && height > 0 && width * height > 0.3 * Math.Min(a.Width * a.Height, b.Width * b.Height);
    }

    /// <summary>Specks and rule lines read as punctuation: too small, or no letter or digit at low confidence.</summary>
    private static List<OcrWord> WithoutNoise(List<OcrWord> words)
    {
        if (words.Count == 0)
        {
            return words;
        }

        var heights = words.Where(w => w.Text.Any(char.IsLetterOrDigit)).Select(w => w.Box.Height).Order().ToList();
        var usual = heights.Count == 0 ? 0 : heights[heights.Count / 2];
        return words
            .Where(w => w.Text.Any(char.IsLetterOrDigit)
                ? w.Box.Height >= 0.35 * usual
                : w.Text.All(c => c is '-' or '–' or '—') ? w.Confidence >= 30 : w.Confidence >= 60 && w.Box.Height >= 0.6 * usual && !w.Text.All(c => Junk.Contains(c, StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>
    /// A word without the marks table rules and shadows leave at its ends ("~—-LEJ2751M", "A4__"),
    /// keeping a minus sign that stands alone before a number.
    /// </summary>
    private static string Clean(string text)
    {
        var start = 0;
        while (start < text.Length - 1 && Junk.Contains(text[start], StringComparison.Ordinal))
        {
            start++;
        }

        if (start > 0 && start < text.Length - 1 && text[start] is '-' or '–')
        {
            start++;
        }

        var end = text.Length;
        while (end > start + 1 && Junk.Contains(text[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return text[start..end];
    }

    private static (double Width, double Height, List<OcrWord> Words) Parse(string tsv, int run)
    {
        double width = 0, height = 0;
        var words = new List<OcrWord>();
        foreach (var raw in tsv.Split('\n'))
        {
            var f = raw.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
            {
                continue;
            }

            var left = Number(f[6]);
            var top = Number(f[7]);
            var w = Number(f[8]);
            var h = Number(f[9]);
            if (level == 1)
            {
                width = Math.Max(width, left + w);
                height = Math.Max(height, top + h);
                continue;
            }

            var text = Clean(f[11].Trim());
            var confidence = Number(f[10]);
            if (level != 5 || text.Length == 0 || w <= 0 || h <= 0)
            {
                continue;
            }

            // Specks read as punctuation at low confidence are noise, not text.
            if (confidence < 30 && !text.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            var segment = string.Join('.', run, f[1], f[2], f[3], f[4]);
            words.Add(new OcrWord(text, new LayoutBox(left, top, left + w, top + h), confidence, segment));
        }

        return (width, height, words);
    }

    /// <summary>
    /// The page's skew as a slope (dy/dx), from the bottoms of the words of Tesseract's lines:
    /// the median over lines long enough to measure.
    /// </summary>
    private static double Skew(List<OcrWord> words)
    {
        var slopes = new List<double>();
        foreach (var line in words.GroupBy(w => w.Segment))
        {
            var list = line.Where(w => w.Text.Any(char.IsLetterOrDigit)).ToList();
            if (list.Count < 3)
            {
                continue;
            }

            var span = list.Max(w => w.Box.Right) - list.Min(w => w.Box.Left);
            if (span < 8 * list.Average(w => w.Box.Height))
            {
                continue;
            }

            // Least squares of word bottoms against word centres.
            var xs = list.Select(w => (w.Box.Left + w.Box.Right) / 2).ToList();
            var ys = list.Select(w => w.Box.Bottom).ToList();
            double mx = xs.Average(), my = ys.Average();
            var sxx = xs.Sum(x => (x - mx) * (x - mx));
            var sxy = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my));
            if (sxx > 0)
            {
                slopes.Add(sxy / sxx);
            }
        }

        if (slopes.Count == 0)
        {
            return 0;
        }

        slopes.Sort();
        var median = slopes[slopes.Count / 2];
        return Math.Abs(median) > 0.1 ? 0 : median;
    }

    /// <summary>The box turned back by the skew about the page origin (small angles: a shear is enough).</summary>
    private static LayoutBox Rotate(LayoutBox box, double slope)
    {
        if (slope == 0)
        {
            return box;
        }

        var cx = (box.Left + box.Right) / 2;
        var cy = (box.Top + box.Bottom) / 2;
        var dx = slope * cy;
        var dy = -slope * cx;
        return new LayoutBox(box.Left + dx, box.Top + dy, box.Right + dx, box.Bottom + dy);
    }

    /// <summary>Words in rows: a word joins the row whose middle it shares; rows top to bottom, words left to right.</summary>
    private static List<List<OcrWord>> Rows(List<OcrWord> words)
    {
        var rows = new List<(double Middle, double Height, List<OcrWord> Words)>();
        foreach (var word in words.OrderBy(w => (w.Box.Top + w.Box.Bottom) / 2).ThenBy(w => w.Box.Left))
        {
            var middle = (word.Box.Top + word.Box.Bottom) / 2;
            var index = rows.FindLastIndex(r => Math.Abs(r.Middle - middle) <= 0.45 * Math.Max(Math.Min(r.Height, word.Box.Height), 0.6 * Math.Max(r.Height, word.Box.Height)));
            if (index < 0)
            {
                rows.Add((middle, word.Box.Height, [word]));
                continue;
            }

            var row = rows[index];
            row.Words.Add(word);
            rows[index] = (row.Words.Average(w => (w.Box.Top + w.Box.Bottom) / 2), row.Words.Select(w => w.Box.Height).Order().ElementAt(row.Words.Count / 2), row.Words);
        }

        return rows.Select(r => r.Words.OrderBy(w => w.Box.Left).ToList()).OrderBy(r => r.Min(w => w.Box.Top)).ToList();
    }

    private static double Top(List<OcrWord> row) => row.Min(w => w.Box.Top);

    /// <summary>A dash inside text ("Ltd. - Site Office") stays; one alone in a gap is a piece of a table rule.</summary>
    private static List<OcrWord> WithoutStrayDashes(List<OcrWord> row)
    {
        var height = row.Select(w => w.Box.Height).Order().ElementAt(row.Count / 2);
        return row.Where((w, i) => !IsDash(w.Text)
            || i > 0 && i < row.Count - 1 && w.Box.Left - row[i - 1].Box.Right < CellGap * height && row[i + 1].Box.Left - w.Box.Right < CellGap * height).ToList();
    }

    private static LayoutLine ToLine(List<OcrWord> row, int block, double scale)
    {
        var height = row.Select(w => w.Box.Height).Order().ElementAt(row.Count / 2);

        var cells = new List<List<OcrWord>> { new() { row[0] } };
        for (var i = 1; i < row.Count; i++)
        {
            var gap = row[i].Box.Left - row[i - 1].Box.Right;
            if (gap > CellGap * height || row[i].Segment != row[i - 1].Segment && gap > 0.6 * height)
            {
                cells.Add([]);
            }

            cells[^1].Add(row[i]);
        }

        var words = row.Select(w => new LayoutWord(w.Text, Scale(w.Box, scale))).ToList();
        return new LayoutLine
        {
            Text = string.Join('\t', cells.Select(c => string.Join(' ', c.Select(w => w.Text)))),
            Box = words.Skip(1).Aggregate(words[0].Box, (b, w) => b.Union(w.Box)),
            Words = words,
            Block = block,
        };
    }

    private static bool IsDash(string text) => text.All(c => c is '-' or '–' or '—');

    private static LayoutBox Scale(LayoutBox box, double scale) =>
        scale == 1 ? box : new LayoutBox(box.Left * scale, box.Top * scale, box.Right * scale, box.Bottom * scale);

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private readonly record struct OcrWord(string Text, LayoutBox Box, double Confidence, string Segment);
}
