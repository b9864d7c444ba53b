using Docket.Engine.Readers;

namespace Docket.Engine.Extraction;

/// <summary>
/// Part of a cell's text (a label, a value, one of several "·"-separated items), with the box
/// of the words it covers: what grounding points at.
/// </summary>
internal readonly record struct Span(DocCell Cell, int Start, int End)
{
    public static Span Of(DocCell cell) => new(cell, 0, cell.Text.Length);

    public string Text => Cell.Text[Start..End];

    public bool IsEmpty => End <= Start;

    public int Page => Cell.Page;

    /// <summary>The words of the cell that overlap the span (cells join words with single spaces).</summary>
    public LayoutBox Box
    {
        get
        {
            LayoutBox? box = null;
            var offset = 0;
            foreach (var word in Cell.Words)
            {
                var wordEnd = offset + word.Text.Length;
                if (offset < End && wordEnd > Start)
                {
                    box = box is { } b ? b.Union(word.Box) : word.Box;
                }

                offset = wordEnd + 1;
            }

            return box ?? Cell.Box;
        }
    }

    /// <summary>The span without surrounding spaces and the punctuation that separates labels from values.</summary>
    public Span Trim(string chars = " \t:;,.#-–—|·")
    {
        var start = Start;
        var end = End;
        while (start < end && chars.Contains(Cell.Text[start], StringComparison.Ordinal))
        {
            start++;
        }

        // A final point may end an abbreviation ("Corp.", "B.V."): it stays unless it ends a phrase.
        while (end > start && chars.Contains(Cell.Text[end - 1], StringComparison.Ordinal) && Cell.Text[end - 1] != '#'
            && (Cell.Text[end - 1] != '.' || EndsPhrase(Cell.Text, start, end - 1)))
        {
            end--;
        }

        return this with { Start = start, End = end };
    }

    public Span Slice(int start, int end) => new(Cell, Start + start, Start + end);

    private static bool EndsPhrase(string text, int start, int dot)
    {
        var wordStart = dot;
        while (wordStart > start && char.IsLetterOrDigit(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        return word.Length > 4 || word.Length > 0 && (char.IsLower(word[0]) || char.IsDigit(word[0]));
    }

    public override string ToString() => Text;
}
