namespace Docket.Engine.Extraction;

/// <summary>
/// Header rows of tables: which cells name columns (by the synonym table and by the schema's
/// item properties), split where one cell names two columns.
/// </summary>
internal static class TableHeader
{
    public const double MinConcept = 0.6;

    /// <summary>
    /// The columns a header row names, or null when the line is not a header: at least two cells
    /// (and a third of them) that name a column concept or a property of the schema's items, and
    /// no cell that reads as a value.
    /// </summary>
    public static List<TableColumn>? Columns(DocLine line, IReadOnlyList<(string Key, Phrase[] Phrases)> schemaColumns)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Cells.Any(c => c.Text.Any(char.IsDigit) && !c.Text.Contains('(', StringComparison.Ordinal) && !c.Text.Contains('%', StringComparison.Ordinal)))
        {
            return null;
        }

        var columns = new List<TableColumn>();
        foreach (var cell in line.Cells)
        {
            foreach (var unit in Units(cell))
            {
                var box = unit.Box;
                columns.Add(new TableColumn
                {
                    Left = box.Left,
                    Right = box.Right,
                    Header = unit.Text.Trim(),
                    HeaderSpans = [unit],
                    Concepts = ConceptScores(Lexicon.LabelWords(unit.Text), schemaColumns),
                });
            }
        }

        var named = columns.Count(c => c.Concepts.Values.DefaultIfEmpty(0).Max() >= MinConcept);
        return named >= 2 && named * 3 >= columns.Count ? columns : null;
    }

    /// <summary>
    /// A header cell split where it names two columns ("Pos. Description"); otherwise the whole cell.
    /// </summary>
    private static List<Span> Units(DocCell cell)
    {
        var tokens = Tokens.Split(cell.Text);
        var units = new List<Span>();
        var t = 0;
        while (t < tokens.Count)
        {
            var length = LongestColumnPhrase(tokens, t);
            if (length == 0)
            {
                return [Span.Of(cell)];
            }

            units.Add(new Span(cell, tokens[t].Start, tokens[t + length - 1].End).Trim(" :"));
            t += length;
        }

        return units.Count <= 1 ? [Span.Of(cell)] : units;
    }

    private static int LongestColumnPhrase(List<Token> tokens, int start)
    {
        var best = 0;
        foreach (var (_, phrases) in Lexicon.Columns)
        {
            foreach (var phrase in phrases)
            {
                var n = phrase.Words.Count;
                if (n > best && start + n <= tokens.Count && phrase.Words.Select((w, i) => tokens[start + i].Text == w).All(x => x))
                {
                    best = n;
                }
            }
        }

        return best;
    }

    private static Dictionary<string, double> ConceptScores(List<string> words, IReadOnlyList<(string Key, Phrase[] Phrases)> schemaColumns)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, phrases) in Lexicon.Columns.Concat(schemaColumns))
        {
            var score = Lexicon.BestMatch(words, phrases);
            if (score > 0)
            {
                scores[key] = score;
            }
        }

        return scores;
    }

    public static bool SameShape(List<TableColumn> a, List<TableColumn> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Best(p.First) == Best(p.Second));

    private static string? Best(TableColumn column) =>
        column.Concepts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();
}
