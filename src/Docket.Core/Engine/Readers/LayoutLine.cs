namespace Docket.Engine.Readers;

/// <summary>
/// One line of a page in reading order. Words are joined by a space; separate cells (table cells,
/// or PDF text separated by a wide gap) are joined by a tab, so the cells can be recovered.
/// </summary>
public sealed record LayoutLine
{
    public required string Text { get; init; }

    public required LayoutBox Box { get; init; }

    public required IReadOnlyList<LayoutWord> Words { get; init; }

    public LineKind Kind { get; init; } = LineKind.Text;

    /// <summary>1–6 for a <see cref="LineKind.Heading"/>, otherwise 0.</summary>
    public int HeadingLevel { get; init; }

    /// <summary>
    /// Index of the block (paragraph, column region, table) on its page; the Markdown rendering
    /// puts a blank line where it changes.
    /// </summary>
    public int Block { get; init; }

    /// <summary>The cell texts of a table row; null for other lines.</summary>
    public IReadOnlyList<string>? Cells { get; init; }
}
