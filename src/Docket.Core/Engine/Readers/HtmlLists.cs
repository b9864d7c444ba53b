namespace Docket.Engine.Readers;

/// <summary>The open lists of an HTML document and the marker each new item gets.</summary>
internal sealed class HtmlLists
{
    private readonly List<(bool Ordered, int Items)> _open = [];

    public int Depth => _open.Count;

    public void Open(bool ordered) => _open.Add((ordered, 0));

    public void Close()
    {
        if (_open.Count > 0)
        {
            _open.RemoveAt(_open.Count - 1);
        }
    }

    /// <summary>"- " or "3. ", indented two spaces per level of nesting, as Markdown nests lists.</summary>
    public string NextMarker()
    {
        if (_open.Count == 0)
        {
            return "- ";
        }

        var (ordered, items) = _open[^1];
        _open[^1] = (ordered, items + 1);
        var indent = new string(' ', 2 * (_open.Count - 1));
        return ordered ? $"{indent}{items + 1}. " : $"{indent}- ";
    }
}
