using SkiaSharp;

namespace Docket.Tools.Viz;

/// <summary>
/// Draws a <see cref="ChartSpec"/> on any canvas — a raster surface for PNG, an SVG canvas for
/// SVG — so both formats come from the same drawing: title on top, legend on the right when there
/// is more than one series (or a pie), the plot in the rest.
/// </summary>
internal sealed class ChartRenderer(SKTypeface typeface)
{
    private const float Pad = 16;
    private const float LegendSwatch = 12;

    public void Draw(ChartSpec spec, SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        using var titleFont = Font(18);
        using var font = Font(12);
        using var text = Fill(ChartPalette.Text);

        var plot = new SKRect(Pad, Pad, spec.Width - Pad, spec.Height - Pad);
        if (!string.IsNullOrWhiteSpace(spec.Title))
        {
            canvas.DrawText(Fit(spec.Title, titleFont, plot.Width), spec.Width / 2f, Pad + 18, SKTextAlign.Center, titleFont, text);
            plot.Top += 34;
        }

        var legend = LegendEntries(spec);
        if (legend.Count > 0)
        {
            var width = Math.Min(spec.Width * 0.3f, legend.Max(e => font.MeasureText(e.Name)) + LegendSwatch + 14);
            DrawLegend(canvas, legend, new SKRect(plot.Right - width, plot.Top, plot.Right, plot.Bottom), font, text);
            plot.Right -= width + Pad;
        }

        if (spec.Kind == ChartKind.Pie)
        {
            PieChart.Draw(spec, canvas, plot);
        }
        else
        {
            new CartesianChart(spec, font, text).Draw(canvas, plot);
        }
    }

    public SKFont Font(float size) => new(typeface, size) { Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.None, Subpixel = false };

    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    public static SKPaint Stroke(SKColor color, float width) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };

    /// <summary>The text, shortened with an ellipsis until it fits <paramref name="width"/>.</summary>
    public static string Fit(string value, SKFont font, float width)
    {
        if (font.MeasureText(value) <= width)
        {
            return value;
        }

        var length = value.Length;
        while (length > 1 && font.MeasureText(string.Concat(value.AsSpan(0, length), "…")) > width)
        {
            length--;
        }

        return string.Concat(value.AsSpan(0, length), "…");
    }

    private static List<(string Name, SKColor Color)> LegendEntries(ChartSpec spec)
    {
        if (spec.Kind == ChartKind.Pie)
        {
            var values = spec.Series[0].Values!;
            var total = values.Sum(v => v ?? 0);
            return [.. values.Select((v, i) => (
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PieChart.Label(spec, i)} ({(v ?? 0) / total * 100:0.0}%)"),
                ChartPalette.Of(i)))];
        }

        return spec.Series.Count > 1 || spec.Series[0].Name.Length > 0
            ? [.. spec.Series.Select((s, i) => (s.Name, ChartPalette.Of(i)))]
            : [];
    }

    private static void DrawLegend(SKCanvas canvas, List<(string Name, SKColor Color)> entries, SKRect area, SKFont font, SKPaint text)
    {
        var y = area.Top + 4;
        foreach (var (name, color) in entries)
        {
            if (y + LegendSwatch > area.Bottom)
            {
                break;
            }

            using var swatch = Fill(color);
            canvas.DrawRect(area.Left, y, LegendSwatch, LegendSwatch, swatch);
            canvas.DrawText(Fit(name, font, area.Width - LegendSwatch - 6), area.Left + LegendSwatch + 6, y + LegendSwatch - 1, SKTextAlign.Left, font, text);
            y += LegendSwatch + 8;
        }
    }
}
