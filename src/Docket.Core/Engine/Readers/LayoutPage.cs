namespace Docket.Engine.Readers;

/// <summary>One page: its size in page units and its lines in reading order.</summary>
public sealed record LayoutPage(int Number, double Width, double Height, IReadOnlyList<LayoutLine> Lines)
{
    /// <summary>The plain text of the page: the lines joined by newlines.</summary>
    public string Text => string.Join('\n', Lines.Select(line => line.Text));

    /// <summary>
    /// The page's unit when it differs from its layout's, as for a PDF attached to an e-mail;
    /// null means <see cref="DocumentLayout.Unit"/>.
    /// </summary>
    public LayoutUnit? Unit { get; init; }
}
