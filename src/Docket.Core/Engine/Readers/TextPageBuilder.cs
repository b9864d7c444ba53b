namespace Docket.Engine.Readers;

/// <summary>
/// Builds one page of a text format in character cells: a word's box is its column range on its
/// line, so grounding can point at text formats the same way it points at PDF words.
/// </summary>
internal sealed class TextPageBuilder
{
    private readonly List<LayoutLine> _lines = [];
    private int _block;
    private bool _breakPending;
    private int _width;

    public int LineCount => _lines.Count;

    /// <summary>Makes the next line start a new block, unless nothing has been added yet.</summary>
    public void BreakBlock() => _breakPending = _lines.Count > 0;

    public void AddLine(string text, LineKind kind = LineKind.Text, int headingLevel = 0, IReadOnlyList<string>? cells = null)
    {
        if (_breakPending)
        {
            _block++;
            _breakPending = false;
        }

        var y = _lines.Count;
        var words = new List<LayoutWord>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length || char.IsWhiteSpace(text[i]);
            if (boundary && start >= 0)
            {
                words.Add(new LayoutWord(text[start..i], new LayoutBox(start, y, i, y + 1)));
                start = -1;
            }
            else if (!boundary && start < 0)
            {
                start = i;
            }
        }

        var box = words.Count == 0
            ? new LayoutBox(0, y, 0, y + 1)
            : words[0].Box.Union(words[^1].Box);
        _width = Math.Max(_width, text.Length);
        _lines.Add(new LayoutLine
        {
            Text = text,
            Box = box,
            Words = words,
            Kind = kind,
            HeadingLevel = headingLevel,
            Block = _block,
            Cells = cells,
        });
    }

    public LayoutPage Build(int number = 1) => new(number, _width, _lines.Count, _lines);
}
