using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Docket.Engine.Readers;

/// <summary>
/// One PDF page to lines: words from the text layer are grouped into rows by baseline, rows are
/// split into fragments at wide gaps, and <see cref="PdfReadingOrder"/> orders the fragments.
/// </summary>
internal static class PdfPageReader
{
    // Sizes are in ems of the words' font size. A space is about 0.28 em and justified text rarely
    // stretches one past 0.6 em, so a wider gap separates cells or columns, not words.
    private const double CellGapEm = 0.8;
    private const double SameRowEm = 0.45;
    private const double TouchingEm = 0.1;

    // Line spacing this many times the page's usual spacing separates paragraphs.
    private const double ParagraphSpacing = 1.3;

    public static LayoutPage Read(Page page, IReadOnlyList<Word> pageWords)
    {
        var height = page.Height;
        var horizontal = new List<PdfWord>();
        var rotated = new List<(TextOrientation Orientation, LayoutWord Word)>();
        foreach (var word in pageWords)
        {
            if (string.IsNullOrWhiteSpace(word.Text) || word.Letters.Count == 0)
            {
                continue;
            }

            var box = ToBox(word.BoundingBox, height);
            if (word.TextOrientation != TextOrientation.Horizontal)
            {
                rotated.Add((word.TextOrientation, new LayoutWord(ExpandLigatures(word.Text), box)));
                continue;
            }

            var size = word.Letters.Max(letter => letter.PointSize);
            if (size <= 0)
            {
                size = Math.Max(box.Height, 1);
            }

            var baseline = height - word.Letters[0].StartBaseLine.Y;

            // Glyph boxes of some fonts stop at the baseline or the x-height; a box spanning the
            // font's ascent and descent keeps grounding highlights even along a line.
            box = box with
            {
                Top = Math.Min(box.Top, baseline - (0.75 * size)),
                Bottom = Math.Max(box.Bottom, baseline + (0.25 * size)),
            };
            horizontal.Add(new PdfWord(new LayoutWord(ExpandLigatures(word.Text), box), baseline, size));
        }

        var fragments = BuildFragments(BuildRows(horizontal));
        var lines = ToLines(PdfReadingOrder.Order(fragments));
        AddRotated(lines, rotated);
        return new LayoutPage(page.Number, page.Width, page.Height, lines);
    }

    /// <summary>
    /// Typeset PDFs often draw "ff", "fi", "fl" as one ligature glyph; searching and extraction
    /// expect the letters ("office", not "o\uFB03ce").
    /// </summary>
    private static string ExpandLigatures(string text)
    {
        if (!text.Any(c => c is >= '\uFB00' and <= '\uFB06'))
        {
            return text;
        }

        var expanded = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            expanded.Append(c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                _ => c.ToString(),
            });
        }

        return expanded.ToString();
    }

    private static LayoutBox ToBox(PdfRectangle rectangle, double pageHeight)
    {
        // Rotated words have rotated rectangles; their extent on the page is what a box holds.
        double[] xs = [rectangle.BottomLeft.X, rectangle.BottomRight.X, rectangle.TopLeft.X, rectangle.TopRight.X];
        double[] ys = [rectangle.BottomLeft.Y, rectangle.BottomRight.Y, rectangle.TopLeft.Y, rectangle.TopRight.Y];
        return new LayoutBox(xs.Min(), pageHeight - ys.Max(), xs.Max(), pageHeight - ys.Min());
    }

    /// <summary>Rows top to bottom, each a run of words on about the same baseline.</summary>
    private static List<List<PdfWord>> BuildRows(List<PdfWord> words)
    {
        var rows = new List<List<PdfWord>>();
        List<PdfWord>? row = null;
        foreach (var word in words.OrderBy(w => w.Baseline).ThenBy(w => w.Left))
        {
            if (row is not null && Math.Abs(word.Baseline - row[0].Baseline) <= SameRowEm * Math.Min(word.Size, row[0].Size))
            {
                row.Add(word);
                continue;
            }

            row = [word];
            rows.Add(row);
        }

        return rows.Select(r => r.OrderBy(w => w.Left).ToList()).ToList();
    }

    private static List<PdfFragment> BuildFragments(List<List<PdfWord>> rows)
    {
        var fragments = new List<PdfFragment>();
        for (var r = 0; r < rows.Count; r++)
        {
            var current = new List<PdfWord>();
            foreach (var word in rows[r])
            {
                if (current.Count == 0)
                {
                    current.Add(word);
                    continue;
                }

                var previous = current[^1];
                var gap = word.Left - previous.Right;
                var size = Math.Max(word.Size, previous.Size);
                if (gap > CellGapEm * size)
                {
                    fragments.Add(new PdfFragment(r, current));
                    current = [word];
                }
                else if (gap < TouchingEm * size && gap > -TouchingEm * size)
                {
                    // Text split by a font change with no gap ("Total:" in bold, "12" regular) is one word.
                    current[^1] = previous with
                    {
                        Word = new LayoutWord(previous.Word.Text + word.Word.Text, previous.Word.Box.Union(word.Word.Box)),
                    };
                }
                else
                {
                    current.Add(word);
                }
            }

            if (current.Count > 0)
            {
                fragments.Add(new PdfFragment(r, current));
            }
        }

        return fragments;
    }

    private static List<LayoutLine> ToLines(List<PdfOrderedLine> ordered)
    {
        var tops = ordered.Select(line => line.Fragments.Min(f => f.Top)).ToList();
        var spacings = Enumerable.Range(1, Math.Max(0, ordered.Count - 1))
            .Where(i => ordered[i].Region == ordered[i - 1].Region)
            .Select(i => tops[i] - tops[i - 1])
            .Order()
            .ToList();

        // A line further below the previous than the page's usual line spacing starts a new
        // block (a paragraph); table rows spaced out evenly stay one block.
        var usual = spacings.Count == 0 ? double.PositiveInfinity : spacings[spacings.Count / 2];
        var lines = new List<LayoutLine>(ordered.Count);
        var block = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var line = ordered[i];
            if (i > 0 && (line.Region != ordered[i - 1].Region || tops[i] - tops[i - 1] > ParagraphSpacing * usual))
            {
                block++;
            }

            var words = line.Fragments.SelectMany(f => f.Words).Select(w => w.Word).ToList();
            lines.Add(new LayoutLine
            {
                Text = string.Join('\t', line.Fragments.Select(f => f.Text)),
                Box = words.Skip(1).Aggregate(words[0].Box, (union, word) => union.Union(word.Box)),
                Words = words,
                Block = block,
            });
        }

        return lines;
    }

    /// <summary>
    /// Rotated text (margin stamps, vertical labels) goes last, one line per direction, words
    /// in the order that direction reads.
    /// </summary>
    private static void AddRotated(List<LayoutLine> lines, List<(TextOrientation Orientation, LayoutWord Word)> rotated)
    {
        var block = lines.Count == 0 ? 0 : lines[^1].Block + 1;
        foreach (var group in rotated.GroupBy(r => r.Orientation).OrderBy(g => g.Key))
        {
            var words = (group.Key switch
            {
                TextOrientation.Rotate90 => group.OrderByDescending(r => r.Word.Box.Bottom),
                TextOrientation.Rotate270 => group.OrderBy(r => r.Word.Box.Top),
                TextOrientation.Rotate180 => group.OrderByDescending(r => r.Word.Box.Right),
                _ => group.OrderBy(r => r.Word.Box.Top).ThenBy(r => r.Word.Box.Left),
            }).Select(r => r.Word).ToList();
            lines.Add(new LayoutLine
            {
                Text = string.Join(' ', words.Select(w => w.Text)),
                Box = words.Skip(1).Aggregate(words[0].Box, (union, word) => union.Union(word.Box)),
                Words = words,
                Block = block++,
            });
        }
    }
}
