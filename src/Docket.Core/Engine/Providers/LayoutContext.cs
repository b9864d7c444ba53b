using System.Globalization;
using System.Text;
using Docket.Engine.Readers;

namespace Docket.Engine.Providers;

/// <summary>
/// The built-in reader's layout as text for the model: each line tagged with its page (numbered
/// across all inputs) and its box in thousandths of the page, so answers can point at places and
/// Docket can map values back to word boxes. Formats without geometry (plain text, CSV, office
/// documents) give their text alone.
/// </summary>
public static class LayoutContext
{
    public const string Legend = "Lines are tagged [page.line] (left, top, right, bottom in thousandths of the page).";

    public static string Render(DocumentLayout layout, int firstPage)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var text = new StringBuilder();
        for (var p = 0; p < layout.Pages.Count; p++)
        {
            var page = layout.Pages[p];
            var number = firstPage + p;
            var unit = page.Unit ?? layout.Unit;
            text.Append(CultureInfo.InvariantCulture, $"--- page {number} ---\n");
            if (unit == LayoutUnit.Character)
            {
                text.Append(page.Text).Append('\n');
                continue;
            }

            for (var l = 0; l < page.Lines.Count; l++)
            {
                var line = page.Lines[l];
                text.Append(CultureInfo.InvariantCulture, $"[{number}.{l + 1}] ({Milli(line.Box.Left, page.Width)}, {Milli(line.Box.Top, page.Height)}, {Milli(line.Box.Right, page.Width)}, {Milli(line.Box.Bottom, page.Height)}) ");
                text.Append(line.Text.Replace('\t', ' ')).Append('\n');
            }
        }

        return text.ToString();
    }

    private static int Milli(double value, double size) => size <= 0 ? 0 : (int)Math.Round(Math.Clamp(value / size, 0, 1) * 1000);
}
