namespace Docket.Tools.Viz;

/// <summary>The chart kinds <c>viz.chart</c> draws.</summary>
public enum ChartKind
{
    Bar,
    Line,
    Pie,
    Scatter,
}

/// <summary>One series: values per category (bar, line, pie) or (x, y) points (scatter, numeric line).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?>? Values, IReadOnlyList<(double X, double Y)>? Points);

/// <summary>A chart to draw, read and checked by <see cref="ChartSpecReader"/>.</summary>
public sealed record ChartSpec
{
    public required ChartKind Kind { get; init; }

    public string? Title { get; init; }

    public string? XLabel { get; init; }

    public string? YLabel { get; init; }

    /// <summary>Category names along the x axis (bar, line with values) or of the slices (pie).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public int Width { get; init; } = 800;

    public int Height { get; init; } = 500;

    /// <summary>True when x is a number axis (points) rather than categories.</summary>
    public bool NumericX => Series.Any(s => s.Points is not null);
}
