using SkiaSharp;

namespace Docket.Tools.Viz;

/// <summary>Bar, line and scatter charts: a y number axis, an x axis of categories or numbers, grid lines, marks.</summary>
internal sealed class CartesianChart(ChartSpec spec, SKFont font, SKPaint text)
{
    private const float TickGap = 6;

    public void Draw(SKCanvas canvas, SKRect area)
    {
        var ys = spec.Series.SelectMany(s => s.Values?.Where(v => v.HasValue).Select(v => v!.Value) ?? s.Points!.Select(p => p.Y)).ToList();
        var (low, high) = ys.Count == 0 ? (0, 1) : (ys.Min(), ys.Max());
        if (spec.Kind == ChartKind.Bar)
        {
            (low, high) = (Math.Min(0, low), Math.Max(0, high));
        }

        var y = AxisScale.Nice(low, high, Math.Max(2, (int)(area.Height / 60)));
        var left = y.Ticks.Max(t => font.MeasureText(y.Label(t))) + TickGap + 4 + (spec.YLabel is null ? 0 : 20);
        var bottom = font.Size + TickGap + 6 + (spec.XLabel is null ? 0 : 22);
        var plot = new SKRect(area.Left + left, area.Top + 6, area.Right - 10, area.Bottom - bottom);
        if (plot.Width < 10 || plot.Height < 10)
        {
            return;
        }

        using var grid = ChartRenderer.Stroke(ChartPalette.Grid, 1);
        using var axis = ChartRenderer.Stroke(ChartPalette.Axis, 1);
        foreach (var tick in y.Ticks)
        {
            var at = y.Map(tick, plot.Bottom, plot.Top);
            canvas.DrawLine(plot.Left, at, plot.Right, at, grid);
            canvas.DrawText(y.Label(tick), plot.Left - TickGap, at + (font.Size / 3), SKTextAlign.Right, font, text);
        }

        Func<int, int, double, float> xOf = spec.NumericX ? DrawNumberAxis(canvas, plot, grid) : DrawCategoryAxis(canvas, plot);

        // No clipping: the axes' nice ranges already hold every mark.
        for (var s = 0; s < spec.Series.Count; s++)
        {
            var series = spec.Series[s];
            var color = ChartPalette.Of(s);
            // A line joins its points from left to right; a scatter keeps them as given.
            var points = series.Points is { } p
                ? (spec.Kind == ChartKind.Line ? p.OrderBy(pt => pt.X) : p.AsEnumerable()).Select((pt, i) => (X: xOf(s, i, pt.X), Y: (double?)pt.Y)).ToList()
                : series.Values!.Select((v, i) => (X: xOf(s, i, 0), Y: v)).ToList();
            switch (spec.Kind)
            {
                case ChartKind.Bar:
                    DrawBars(canvas, plot, y, s, points, color);
                    break;
                case ChartKind.Line:
                    DrawLine(canvas, plot, y, points, color);
                    break;
                default:
                    DrawDots(canvas, plot, y, points, color, 3.5f);
                    break;
            }
        }

        canvas.DrawLine(plot.Left, plot.Top, plot.Left, plot.Bottom, axis);
        canvas.DrawLine(plot.Left, y.Map(Math.Clamp(0, y.Min, y.Max), plot.Bottom, plot.Top), plot.Right, y.Map(Math.Clamp(0, y.Min, y.Max), plot.Bottom, plot.Top), axis);

        if (spec.XLabel is { } xLabel)
        {
            canvas.DrawText(ChartRenderer.Fit(xLabel, font, plot.Width), plot.MidX, area.Bottom - 4, SKTextAlign.Center, font, text);
        }

        if (spec.YLabel is { } yLabel)
        {
            canvas.Save();
            canvas.Translate(area.Left + font.Size, plot.MidY);
            canvas.RotateDegrees(-90);
            canvas.DrawText(ChartRenderer.Fit(yLabel, font, plot.Height), 0, 0, SKTextAlign.Center, font, text);
            canvas.Restore();
        }
    }

    /// <summary>Number ticks along x; points map by their x value.</summary>
    private Func<int, int, double, float> DrawNumberAxis(SKCanvas canvas, SKRect plot, SKPaint grid)
    {
        var xs = spec.Series.SelectMany(s => s.Points ?? []).Select(p => p.X).ToList();
        var x = AxisScale.Nice(xs.Min(), xs.Max(), Math.Max(2, (int)(plot.Width / 90)));
        foreach (var tick in x.Ticks)
        {
            var at = x.Map(tick, plot.Left, plot.Right);
            canvas.DrawLine(at, plot.Top, at, plot.Bottom, grid);
            canvas.DrawText(x.Label(tick), at, plot.Bottom + TickGap + font.Size, SKTextAlign.Center, font, text);
        }

        return (_, _, value) => x.Map(value, plot.Left, plot.Right);
    }

    /// <summary>One band per category, labelled (every k-th when they would overlap); values map to band centres.</summary>
    private Func<int, int, double, float> DrawCategoryAxis(SKCanvas canvas, SKRect plot)
    {
        var count = Math.Max(1, Math.Max(spec.Labels.Count, spec.Series.Max(s => s.Values!.Count)));
        var band = plot.Width / count;
        var widest = spec.Labels.Count == 0 ? 0 : spec.Labels.Max(l => font.MeasureText(l));
        var every = Math.Max(1, (int)Math.Ceiling((Math.Min(widest, 120) + 8) / band));
        for (var i = 0; i < spec.Labels.Count && i < count; i += every)
        {
            var label = ChartRenderer.Fit(spec.Labels[i], font, Math.Max(band * every - 4, 12));
            canvas.DrawText(label, plot.Left + (band * (i + 0.5f)), plot.Bottom + TickGap + font.Size, SKTextAlign.Center, font, text);
        }

        return (_, index, _) => plot.Left + (band * (index + 0.5f));
    }

    private void DrawBars(SKCanvas canvas, SKRect plot, AxisScale y, int seriesIndex, List<(float X, double? Y)> points, SKColor color)
    {
        var count = Math.Max(1, Math.Max(spec.Labels.Count, spec.Series.Max(s => s.Values!.Count)));
        var group = plot.Width / count * 0.8f;
        var width = group / spec.Series.Count;
        var zero = y.Map(Math.Clamp(0, y.Min, y.Max), plot.Bottom, plot.Top);
        using var fill = ChartRenderer.Fill(color);
        fill.IsAntialias = false;
        foreach (var (x, value) in points)
        {
            if (value is { } v)
            {
                var top = y.Map(v, plot.Bottom, plot.Top);
                var left = x - (group / 2) + (seriesIndex * width);
                canvas.DrawRect(new SKRect(left, Math.Min(top, zero), left + Math.Max(1, width - 1), Math.Max(top, zero)), fill);
            }
        }
    }

    private static void DrawLine(SKCanvas canvas, SKRect plot, AxisScale y, List<(float X, double? Y)> points, SKColor color)
    {
        using var stroke = ChartRenderer.Stroke(color, 2);
        stroke.StrokeJoin = SKStrokeJoin.Round;
        var run = new List<SKPoint>();
        foreach (var (x, value) in points.Append((0, null)))
        {
            if (value is { } v)
            {
                run.Add(new SKPoint(x, y.Map(v, plot.Bottom, plot.Top)));
                continue;
            }

            // A gap (null) ends the current stretch of line.
            if (run.Count > 1)
            {
                canvas.DrawPoints(SKPointMode.Polygon, [.. run], stroke);
            }

            run.Clear();
        }

        if (points.Count <= 200)
        {
            DrawDots(canvas, plot, y, points, color, 3);
        }
    }

    private static void DrawDots(SKCanvas canvas, SKRect plot, AxisScale y, List<(float X, double? Y)> points, SKColor color, float radius)
    {
        using var fill = ChartRenderer.Fill(color);
        foreach (var (x, value) in points)
        {
            if (value is { } v)
            {
                canvas.DrawCircle(x, y.Map(v, plot.Bottom, plot.Top), radius, fill);
            }
        }
    }
}
