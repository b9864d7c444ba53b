using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// Renders a layout as Markdown: lines as they are, a blank line between blocks and between
/// pages, headings with <c>#</c>, and table rows as pipe tables.
/// </summary>
public static class LayoutMarkdown
{
    public static string Render(DocumentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pages = layout.Pages.Select(RenderPage).Where(page => page.Length > 0);
        return string.Join("\n\n", pages);
    }

    public static string RenderPage(LayoutPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var markdown = new StringBuilder();
        var lines = page.Lines;
        var columns = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var tableStart = IsTableStart(lines, i);
            if (i > 0)
            {
                var previous = lines[i - 1];
                var blank = line.Block != previous.Block
                    || tableStart
                    || (IsTable(previous) && !IsTable(line))
                    || line.Kind == LineKind.Heading
                    || previous.Kind == LineKind.Heading;
                markdown.Append(blank ? "\n\n" : "\n");
            }

            if (line.Kind == LineKind.Heading)
            {
                markdown.Append('#', Math.Clamp(line.HeadingLevel, 1, 6)).Append(' ').Append(line.Text);
            }
            else if (IsTable(line))
            {
                if (tableStart)
                {
                    columns = TableWidth(lines, i);
                }

                AppendRow(markdown, line.Cells ?? [line.Text], columns);
                if (tableStart)
                {
                    markdown.Append('\n');
                    AppendRow(markdown, Enumerable.Repeat("---", columns).ToArray(), columns);
                }
            }
            else
            {
                markdown.Append(line.Text);
            }
        }

        return markdown.ToString();
    }

    private static bool IsTable(LayoutLine line) => line.Kind is LineKind.TableHeader or LineKind.TableRow;

    private static bool IsTableStart(IReadOnlyList<LayoutLine> lines, int i) =>
        lines[i].Kind == LineKind.TableHeader
        || (lines[i].Kind == LineKind.TableRow && (i == 0 || !IsTable(lines[i - 1]) || lines[i - 1].Block != lines[i].Block));

    /// <summary>The number of columns of the table starting at line <paramref name="start"/>.</summary>
    private static int TableWidth(IReadOnlyList<LayoutLine> lines, int start)
    {
        var width = 1;
        for (var i = start; i < lines.Count && IsTable(lines[i]) && (i == start || !IsTableStart(lines, i)); i++)
        {
            width = Math.Max(width, lines[i].Cells?.Count ?? 1);
        }

        return width;
    }

    private static void AppendRow(StringBuilder markdown, IReadOnlyList<string> cells, int columns)
    {
        markdown.Append('|');
        for (var c = 0; c < columns; c++)
        {
            var cell = c < cells.Count ? cells[c].Replace("|", "\\|", StringComparison.Ordinal) : string.Empty;
            markdown.Append(' ').Append(cell).Append(" |");
        }
    }
}
