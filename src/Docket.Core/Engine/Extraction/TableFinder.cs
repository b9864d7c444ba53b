using Docket.Engine.Readers;

namespace Docket.Engine.Extraction;

/// <summary>
/// Finds tables in the layout: a header row whose cells name columns (description, quantity,
/// price, amount, date, debit, credit, balance, …) and the rows under it, across page breaks
/// where the header repeats; or, without a header, a run of lines that each end in an amount
/// (a till receipt).
/// </summary>
internal sealed class TableFinder(DocModel doc, IReadOnlyList<(string Key, Phrase[] Phrases)> schemaColumns)
{
    private static readonly string[] s_summaryGroups = ["total", "subtotal", "tax", "discount", "shipping", "tip"];
    private static readonly string[] s_forwardGroups = ["opening balance", "closing balance"];
    private static readonly Lazy<List<Phrase>> s_summaryPhrases = new(() => Groups(s_summaryGroups));
    private static readonly Lazy<List<Phrase>> s_forwardPhrases = new(() => Groups(s_forwardGroups));
    private readonly Dictionary<DocLine, List<TableColumn>?> _headers = [];

    /// <summary>Every table with a header row, in reading order.</summary>
    public List<Table> FindWithHeaders()
    {
        var tables = new List<Table>();
        var consumed = new HashSet<DocLine>();
        foreach (var line in doc.Lines)
        {
            if (consumed.Contains(line) || HeaderColumns(line) is not { } columns)
            {
                continue;
            }

            var table = new Table { Columns = columns };
            table.HeaderLines.Add(line);
            var ended = CollectRows(table, table.Columns, line);

            // The table goes on over the next pages while their rows fit its columns.
            for (var page = line.Page + 1; !ended && page < doc.Pages.Count; page++)
            {
                var repeated = doc.PageLines(page).FirstOrDefault(l => HeaderColumns(l) is { } c && TableHeader.SameShape(c, columns));
                if (repeated is not null)
                {
                    var pageColumns = HeaderColumns(repeated)!;
                    table.HeaderLines.Add(repeated);
                    consumed.Add(repeated);
                    ended = CollectRows(table, pageColumns, repeated);
                }
                else
                {
                    var before = table.Rows.Count;
                    ended = CollectRows(table, columns, null, page);
                    if (table.Rows.Count == before)
                    {
                        break;
                    }
                }
            }

            if (table.Rows.Count > 0)
            {
                consumed.UnionWith(table.Rows.Select(r => r.Line));
                tables.Add(table);
            }
        }

        return tables;
    }

    /// <summary>The columns a line names as a table header, or null; worked out once per line, as pages are searched for repeated headers.</summary>
    private List<TableColumn>? HeaderColumns(DocLine line)
    {
        if (!_headers.TryGetValue(line, out var columns))
        {
            columns = TableHeader.Columns(line, schemaColumns);
            _headers[line] = columns;
        }

        return columns;
    }

    /// <summary>Runs of lines that end in an amount, without a header: "Greeting card   2.95".</summary>
    public List<Table> FindWithoutHeaders()
    {
        var tables = new List<Table>();
        TableRow? previous = null;
        Table? current = null;
        foreach (var line in doc.Lines)
        {
            if (current is not null && previous is not null && Multiplier(line) is { } multiplier && previous.Multiplier is null)
            {
                previous.Multiplier = multiplier;
                continue;
            }

            if (IsAmountLine(line) && !IsSummary(line) && (current is null || current.Rows[^1].Line.Page == line.Page))
            {
                if (current is null)
                {
                    current = new Table { Columns = ShapeColumns() };
                    tables.Add(current);
                }

                previous = new TableRow(current.Columns.Count) { Line = line };
                previous.Cells[0].AddRange(line.Cells.Take(line.Cells.Count - 1).Select(Span.Of));
                previous.Cells[^1].Add(Span.Of(line.Cells[^1]));
                current.Rows.Add(previous);
                continue;
            }

            current = null;
            previous = null;
        }

        return tables.Where(t => t.Rows.Count >= 2 || t.Rows.Count == 1 && t.Rows[0].Multiplier is not null).ToList();
    }

    /// <summary>Whether a line is a total, subtotal or tax line that ends a table of items.</summary>
    public static bool IsSummary(DocLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var first = line.Cells.FirstOrDefault(c => c.Text.Any(char.IsLetter));
        return first is not null && Lexicon.BestMatch(Lexicon.LabelWords(first.Text), s_summaryPhrases.Value) >= 0.6;
    }

    /// <summary>Whether a row's text says it carries a balance forward rather than booking a transaction.</summary>
    public static bool IsForward(string text) =>
        Lexicon.BestMatch(Lexicon.LabelWords(text), s_forwardPhrases.Value) >= 0.8;

    /// <summary>
    /// Rows under a header (or from the top of a page), until a summary line, a gap or a line
    /// that fits no column. True when a summary line ended the table; otherwise it may go on
    /// on the next page.
    /// </summary>
    private bool CollectRows(Table table, IReadOnlyList<TableColumn> columns, DocLine? header, int page = -1)
    {
        page = header?.Page ?? page;
        var top = header?.Box.Bottom ?? double.NegativeInfinity;
        var lineHeight = doc.Pages[page].LineHeight;
        double? lastBottom = header?.Box.Bottom;
        var pitches = new List<double>();
        TableRow? previous = null;
        var skipped = 0;
        var strayed = false;
        foreach (var line in doc.PageLines(page))
        {
            if (line.Box.Top < top - (0.2 * lineHeight) || line == header)
            {
                continue;
            }

            if (line.Box.Right < columns[0].Left - lineHeight || line.Box.Left > columns[^1].Right + lineHeight)
            {
                continue;
            }

            // A table the reader found in the document's structure (DOCX, HTML) ends where its
            // rows do: the paragraph after it is not a wrapped description, nor is another table.
            if (header is { IsStructuredRow: true } && previous is not null && (!line.IsStructuredRow || line.Kind == LineKind.TableHeader))
            {
                return true;
            }

            var gap = lastBottom is { } b ? line.Box.Top - b : 0;
            var usual = pitches.Count == 0 ? 2.5 * lineHeight : Math.Max(pitches.Order().ElementAt(pitches.Count / 2) * 1.8, 1.5 * lineHeight);
            // A gap ends the rows on this page; the table may go on on the next one.
            if (previous is not null && gap > Math.Max(usual, 3 * lineHeight))
            {
                return false;
            }

            // Specks and rules a scanner turned into letters: "Ss", "ee ea".
            if (line.Text.Count(char.IsLetterOrDigit) <= 3 && !line.Text.Any(char.IsDigit) || IsNoise(line))
            {
                continue;
            }

            if (IsSummary(line) && !IsForward(line.Cells.First(c => c.Text.Any(char.IsLetter)).Text))
            {
                return true;
            }

            if (previous is not null && previous.Multiplier is null && Multiplier(line) is { } multiplier)
            {
                previous.Multiplier = multiplier;
                lastBottom = line.Box.Bottom;
                continue;
            }

            var row = new TableRow(columns.Count) { Line = line };
            foreach (var cell in line.Cells)
            {
                row.Cells[ColumnOf(cell, columns)].Add(Span.Of(cell));
            }

            var filled = row.Cells.Count(c => c.Count > 0);
            var numeric = Enumerable.Range(0, columns.Count).Count(i => row.Cells[i].Count > 0 && IsNumericText(row.Text(i)));
            if (numeric == 0)
            {
                // Text alone: the wrapped end of the previous row's description, or the end of the table.
                if (previous is not null && filled == 1 && line.Box.Top - previous.Line.Box.Bottom < 1.2 * lineHeight
                    && row.Cells.Select((c, i) => (c, i)).First(x => x.c.Count > 0).i is var only && IsTextColumn(columns[only])
                    && FieldLocator.LabelColon(line.Text) < 0 && !IsForward(line.Text))
                {
                    previous.Cells[only].AddRange(row.Cells[only]);
                    lastBottom = line.Box.Bottom;
                    continue;
                }

                // One stray line inside the table (a misread row) is passed over; two end it.
                if (table.Rows.Count == 0 ? skipped++ < 2 : !strayed)
                {
                    strayed = table.Rows.Count > 0;
                    continue;
                }

                return false;
            }

            if (filled == 1 && previous is null && line.Cells.Count == 1)
            {
                continue;
            }

            if (lastBottom is { } lb && previous is not null)
            {
                pitches.Add(line.Box.Top - previous.Line.Box.Top);
            }

            table.Rows.Add(row);
            strayed = false;
            previous = row;
            lastBottom = line.Box.Bottom;
        }

        return false;
    }

    /// <summary>A line of short lowercase fragments without digits: what OCR makes of a rule or a smudge.</summary>
    private static bool IsNoise(DocLine line)
    {
        var words = line.Cells.SelectMany(c => c.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        return words.Count <= 3 && words.All(w => w.Length <= 3 && !w.Any(char.IsDigit) && !w.Any(char.IsUpper));
    }

    private static bool IsTextColumn(TableColumn column) =>
        !IsNumericColumn(column) && column.Concepts.GetValueOrDefault("date") < TableHeader.MinConcept;

    private static bool IsNumericColumn(TableColumn column) =>
        column.Concepts.Where(c => c.Value >= TableHeader.MinConcept).Select(c => c.Key).Any(k => k is "quantity" or "unit price" or "amount" or "balance" or "debit" or "credit");

    private static bool IsNumericText(string text) =>
        NumberValue.TryParse(text, DecimalStyle.Point, out _, unitWords: true) || NumberValue.TryParse(text, DecimalStyle.Comma, out _, unitWords: true);

    /// <summary>A line that is an item and its price: text first, an amount last.</summary>
    private bool IsAmountLine(DocLine line)
    {
        if (line.Cells.Count < 2 || line.Cells.Count > 4 || !line.Cells[0].Text.Any(char.IsLetter))
        {
            return false;
        }

        return NumberValue.TryParse(line.Cells[^1].Text, doc.DecimalStyle, out var number) && (number.Decimals == 2 || number.HasCurrency);
    }

    /// <summary>"3 x 19.49" or "2 @ 4.50" on a line of its own: how many and at what price.</summary>
    private (decimal Quantity, decimal UnitPrice, Span Source)? Multiplier(DocLine line)
    {
        if (line.Cells.Count > 2)
        {
            return null;
        }

        var cell = line.Cells[0];
        var text = cell.Text.Trim();
        var at = text.IndexOfAny(['x', 'X', '×', '@', '*']);
        if (at <= 0 || at >= text.Length - 1)
        {
            return null;
        }

        var left = text[..at].Trim();
        var right = text[(at + 1)..].Trim();
        if (!NumberValue.TryParse(left, doc.DecimalStyle, out var quantity, unitWords: true)
            || !NumberValue.TryParse(right, doc.DecimalStyle, out var price))
        {
            return null;
        }

        return (quantity.Value, price.Value, Span.Of(cell));
    }

    private static List<TableColumn> ShapeColumns() =>
    [
        new() { Left = 0, Right = 0, Header = string.Empty, Concepts = new Dictionary<string, double>(StringComparer.Ordinal) { ["description"] = 1 } },
        new() { Left = 0, Right = 0, Header = string.Empty, Concepts = new Dictionary<string, double>(StringComparer.Ordinal) { ["amount"] = 1 } },
    ];

    /// <summary>
    /// The column a cell sits in: the one it lines up with best, on the left edge (text), the
    /// right edge (amounts) or the centre (quantities), among the columns it overlaps if any.
    /// </summary>
    private static int ColumnOf(DocCell cell, IReadOnlyList<TableColumn> columns)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var distance = Math.Min(Math.Abs(cell.Box.Left - column.Left), Math.Min(Math.Abs(cell.Box.Right - column.Right), Math.Abs(cell.Center - column.Center)));
            var overlaps = cell.Box.Left < column.Right && cell.Box.Right > column.Left;
            if (!overlaps)
            {
                distance += cell.Height;
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }

        return best;
    }

    private static List<Phrase> Groups(string[] keys)
    {
        var phrases = new List<Phrase>();
        foreach (var key in keys)
        {
            var words = Tokens.Words(key);
            phrases.AddRange(Lexicon.FieldLabels(new SchemaField { Name = string.Join('_', words), Kind = FieldKind.Number }).Where(p => p.Weight >= Lexicon.Weak));
        }

        return phrases;
    }
}
