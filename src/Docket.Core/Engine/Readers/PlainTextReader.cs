namespace Docket.Engine.Readers;

/// <summary>Plain text and Markdown: one page whose lines are the lines of the file.</summary>
internal static class PlainTextReader
{
    public static DocumentLayout Read(string text, DocumentFormat format)
    {
        var builder = new TextPageBuilder();
        var lines = text.Split('\n');

        // A final newline ends the last line; it does not start another one.
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            builder.AddLine(lines[i].TrimEnd());
        }

        return new DocumentLayout(format, LayoutUnit.Character, [builder.Build()]);
    }
}
