using SkiaSharp;

namespace Docket.Tools.Viz;

/// <summary>A pie: one slice per label, clockwise from twelve o'clock, white gaps between slices.</summary>
internal static class PieChart
{
    public static void Draw(ChartSpec spec, SKCanvas canvas, SKRect area)
    {
        var values = spec.Series[0].Values!;
        var total = values.Sum(v => v ?? 0);
        var radius = Math.Max(10, (Math.Min(area.Width, area.Height) / 2) - 4);
        var center = new SKPoint(area.MidX, area.MidY);
        var oval = new SKRect(center.X - radius, center.Y - radius, center.X + radius, center.Y + radius);
        using var gap = ChartRenderer.Stroke(SKColors.White, 1.5f);
        var start = -90f;
        for (var i = 0; i < values.Count; i++)
        {
            var sweep = (float)((values[i] ?? 0) / total * 360);
            if (sweep <= 0)
            {
                continue;
            }

            using var fill = ChartRenderer.Fill(ChartPalette.Of(i));
            canvas.DrawArc(oval, start, sweep, true, fill);
            if (sweep < 360)
            {
                canvas.DrawArc(oval, start, sweep, true, gap);
            }

            start += sweep;
        }
    }

    public static string Label(ChartSpec spec, int index) =>
        index < spec.Labels.Count ? spec.Labels[index] : $"Slice {index + 1}";
}
