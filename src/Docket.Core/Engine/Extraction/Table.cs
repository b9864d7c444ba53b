namespace Docket.Engine.Extraction;

/// <summary>A column of a table: what its header says it holds, and where it is.</summary>
internal sealed class TableColumn
{
    public required double Left { get; init; }

    public required double Right { get; init; }

    /// <summary>The header text; empty for a table found without a header row.</summary>
    public required string Header { get; init; }

    public IReadOnlyList<Span> HeaderSpans { get; init; } = [];

    /// <summary>How well the header names each column concept (description, quantity, amount, …).</summary>
    public required IReadOnlyDictionary<string, double> Concepts { get; init; }

    public double Center => (Left + Right) / 2;

    public override string ToString() => $"{Header} [{Left:0}-{Right:0}] {string.Join(',', Concepts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value:0.00}"))}";
}

/// <summary>One row of a table: the text of each column, with the spans it came from.</summary>
internal sealed class TableRow
{
    public TableRow(int columns)
    {
        Cells = Enumerable.Range(0, columns).Select(_ => new List<Span>()).ToArray();
    }

    public List<Span>[] Cells { get; }

    /// <summary>"3 x 19.49" printed under the line: quantity and unit price.</summary>
    public (decimal Quantity, decimal UnitPrice, Span Source)? Multiplier { get; set; }

    public required DocLine Line { get; init; }

    public string Text(int column) => string.Join(' ', Cells[column].Select(s => s.Text.Trim())).Trim();

    public override string ToString() => string.Join(" | ", Cells.Select((_, i) => Text(i)));
}

/// <summary>A table found in the layout: its columns (from a header row or from the rows' shape) and its rows, over one or more pages.</summary>
internal sealed class Table
{
    public required IReadOnlyList<TableColumn> Columns { get; init; }

    public List<TableRow> Rows { get; } = [];

    public List<DocLine> HeaderLines { get; } = [];

    public bool HasHeader => HeaderLines.Count > 0;

    public IEnumerable<DocCell> Cells => HeaderLines.SelectMany(l => l.Cells)
        .Concat(Rows.SelectMany(r => r.Cells.SelectMany(c => c.Select(s => s.Cell))))
        .Concat(Rows.Where(r => r.Multiplier is not null).Select(r => r.Multiplier!.Value.Source.Cell))
        .Distinct();

    public override string ToString() => $"{string.Join(" | ", Columns.Select(c => c.Header))} ({Rows.Count} rows)";
}
