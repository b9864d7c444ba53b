using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// Collects the rows and cells of the outermost open table. A nested table's text stays in the
/// outer cell that holds it, since a Markdown table cannot nest.
/// </summary>
internal sealed class HtmlTable
{
    private static readonly HashSet<string> s_tableElements = ["table", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "col"];

    private readonly List<List<string>> _rows = [];
    private readonly StringBuilder _cell = new();
    private List<string>? _row;
    private int _span = 1;

    public int Depth { get; private set; }

    public bool InCell { get; private set; }

    public static bool Accepts(string name) => s_tableElements.Contains(name);

    public void Open()
    {
        Depth = 1;
        _rows.Clear();
        _row = null;
        InCell = false;
    }

    public void Start(HtmlToken tag)
    {
        if (Depth > 1 || (tag.Value == "table" && InCell))
        {
            if (tag.Value == "table")
            {
                Depth++;
            }

            AppendText(" ");
            return;
        }

        switch (tag.Value)
        {
            case "tr":
                EndRow();
                _row = [];
                break;
            case "td" or "th":
                EndCell();
                _row ??= [];
                InCell = true;
                _span = tag.ColSpan;
                break;
        }
    }

    public void End(string name)
    {
        if (Depth > 1)
        {
            if (name == "table")
            {
                Depth--;
            }

            AppendText(" ");
            return;
        }

        switch (name)
        {
            case "td" or "th":
                EndCell();
                break;
            case "tr":
                EndRow();
                break;
        }
    }

    public void AppendText(string text) => HtmlText.AppendCollapsed(_cell, text);

    /// <summary>Ends the table and returns its rows, each padded to the widest row.</summary>
    public List<string[]> Close()
    {
        EndRow();
        Depth = 0;
        var width = _rows.Count == 0 ? 0 : _rows.Max(row => row.Count);
        return _rows
            .Where(row => row.Count > 0)
            .Select(row => row.Concat(Enumerable.Repeat(string.Empty, width - row.Count)).ToArray())
            .ToList();
    }

    private void EndCell()
    {
        if (!InCell || _row is null)
        {
            return;
        }

        var text = _cell.ToString().Trim();
        _cell.Clear();
        InCell = false;

        _row.Add(text);

        // A spanning cell is followed by empty ones, so the columns after it stay aligned.
        for (var i = 1; i < _span; i++)
        {
            _row.Add(string.Empty);
        }
    }

    private void EndRow()
    {
        EndCell();
        if (_row is not null)
        {
            _rows.Add(_row);
            _row = null;
        }
    }
}
