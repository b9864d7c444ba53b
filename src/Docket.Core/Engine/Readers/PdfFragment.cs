namespace Docket.Engine.Readers;

/// <summary>A word of a PDF page with the baseline and font size that line grouping needs.</summary>
internal readonly record struct PdfWord(LayoutWord Word, double Baseline, double Size)
{
    public double Left => Word.Box.Left;

    public double Right => Word.Box.Right;
}

/// <summary>
/// Words of one row that sit close together: a phrase, a line of a column or a table cell. Rows
/// are split into fragments at wide gaps, and columns are found between fragments.
/// </summary>
internal sealed class PdfFragment(int row, IReadOnlyList<PdfWord> words)
{
    public int Row { get; } = row;

    public IReadOnlyList<PdfWord> Words { get; } = words;

    public double Left => Words[0].Left;

    public double Right { get; } = words.Max(word => word.Right);

    public double Top { get; } = words.Min(word => word.Word.Box.Top);

    public double Bottom { get; } = words.Max(word => word.Word.Box.Bottom);

    public double Size { get; } = words.Max(word => word.Size);

    public double Baseline => Words[0].Baseline;

    public string Text => string.Join(' ', Words.Select(word => word.Word.Text));
}

/// <summary>Fragments that form one output line, and the region of the page they were read in.</summary>
internal sealed record PdfOrderedLine(IReadOnlyList<PdfFragment> Fragments, int Region);
