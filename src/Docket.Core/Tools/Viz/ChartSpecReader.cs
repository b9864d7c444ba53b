using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools.Viz;

/// <summary>
/// Reads a chart from JSON: <c>{type, title?, x_label?, y_label?, labels?, series: [{name?, values | points}], width?, height?}</c>,
/// or the shortcuts <c>values</c> (one series) and <c>data</c> (<c>{"label": value, …}</c>). Anything
/// that cannot be drawn is an invalid_input naming the field.
/// </summary>
public static class ChartSpecReader
{
    public const int MaxSeries = 20;
    public const int MaxPoints = 100_000;
    public const int MaxLabels = 1_000;

    public static ChartSpec Read(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var kind = Text(data, "type") switch
        {
            "bar" => ChartKind.Bar,
            "line" => ChartKind.Line,
            "pie" => ChartKind.Pie,
            "scatter" => ChartKind.Scatter,
            null => throw Bad("'type' is required: bar, line, pie or scatter"),
            var other => throw Bad($"'type' must be bar, line, pie or scatter, not '{other}'"),
        };

        var labels = Labels(data);
        var series = Series(data, ref labels);
        if (series.Count == 0)
        {
            throw Bad("there is no data: give 'series', 'values' or 'data'");
        }

        var spec = new ChartSpec
        {
            Kind = kind,
            Title = Text(data, "title"),
            XLabel = Text(data, "x_label"),
            YLabel = Text(data, "y_label"),
            Labels = labels,
            Series = series,
            Width = Size(data, "width", 800),
            Height = Size(data, "height", 500),
        };
        Check(spec);
        return spec;
    }

    private static void Check(ChartSpec spec)
    {
        if (spec.Kind == ChartKind.Scatter && spec.Series.Any(s => s.Points is null))
        {
            throw Bad("a scatter chart needs 'points' ([[x, y], …]) in every series");
        }

        if (spec.Kind is ChartKind.Bar or ChartKind.Pie && spec.NumericX)
        {
            throw Bad($"a {spec.Kind.ToString().ToLowerInvariant()} chart takes 'values' per label, not 'points'");
        }

        if (spec.Kind == ChartKind.Line && spec.NumericX && spec.Series.Any(s => s.Points is null))
        {
            throw Bad("a line chart takes either 'values' in every series or 'points' in every series");
        }

        if (spec.Kind == ChartKind.Pie)
        {
            if (spec.Series.Count != 1)
            {
                throw Bad("a pie chart takes exactly one series");
            }

            if (spec.Series[0].Values!.Any(v => v < 0) || !spec.Series[0].Values!.Any(v => v > 0))
            {
                throw Bad("a pie chart needs values that are zero or more, and at least one above zero");
            }
        }
    }

    private static List<string> Labels(JsonObject data)
    {
        if (data["labels"] is null)
        {
            return [];
        }

        if (data["labels"] is not JsonArray array || array.Count > MaxLabels)
        {
            throw Bad($"'labels' must be a list of at most {MaxLabels} names");
        }

        return [.. array.Select(label => label switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => throw Bad("every label must be a string or a number"),
        })];
    }

    private static List<ChartSeries> Series(JsonObject data, ref List<string> labels)
    {
        if (data["data"] is JsonObject map)
        {
            labels = [.. map.Select(p => p.Key)];
            return [new ChartSeries(Text(data, "name") ?? string.Empty, [.. map.Select(p => Number(p.Value, $"data.{p.Key}"))], null)];
        }

        if (data["values"] is JsonArray values)
        {
            return [new ChartSeries(Text(data, "name") ?? string.Empty, Values(values, "values"), null)];
        }

        if (data["series"] is null)
        {
            return [];
        }

        if (data["series"] is not JsonArray list || list.Count > MaxSeries)
        {
            throw Bad($"'series' must be a list of at most {MaxSeries} series");
        }

        var series = new List<ChartSeries>();
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"series[{i}]";
            if (list[i] is not JsonObject one)
            {
                throw Bad($"{where} must be an object with 'values' or 'points'");
            }

            var name = Text(one, "name") ?? (list.Count == 1 ? string.Empty : $"Series {i + 1}");
            series.Add(one["points"] is JsonArray points
                ? new ChartSeries(name, null, Points(points, where + ".points"))
                : one["values"] is JsonArray v
                    ? new ChartSeries(name, Values(v, where + ".values"), null)
                    : throw Bad($"{where} needs 'values' or 'points'"));
        }

        return series;
    }

    private static List<double?> Values(JsonArray values, string where) => values.Count > MaxPoints
        ? throw Bad($"'{where}' has more than {MaxPoints} values")
        : [.. values.Select((v, i) => Number(v, $"{where}[{i}]"))];

    private static List<(double, double)> Points(JsonArray points, string where)
    {
        if (points.Count > MaxPoints)
        {
            throw Bad($"'{where}' has more than {MaxPoints} points");
        }

        return [.. points.Select((point, i) => point switch
        {
            JsonArray { Count: 2 } pair when Number(pair[0], $"{where}[{i}]") is { } x && Number(pair[1], $"{where}[{i}]") is { } y => (x, y),
            JsonObject xy when Number(xy["x"], $"{where}[{i}].x") is { } x && Number(xy["y"], $"{where}[{i}].y") is { } y => (x, y),
            _ => throw Bad($"'{where}[{i}]' must be [x, y] or {{\"x\": …, \"y\": …}} with numbers"),
        })];
    }

    /// <summary>A number, or null for a gap (JSON null).</summary>
    private static double? Number(JsonNode? node, string where) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => throw Bad($"'{where}' must be a number or null, not {node.ToJsonString()}"),
    };

    private static int Size(JsonObject data, string key, int fallback) => data[key] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<int>(out var n) && n is >= 100 and <= 4096 => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= 100 and <= 4096 => (int)d,
        _ => throw Bad($"'{key}' must be a whole number of pixels from 100 to 4096"),
    };

    private static string? Text(JsonObject data, string key) => data[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Bad($"'{key}' must be a string"),
    };

    private static ExecutionFailedException Bad(string why) => ExecutionFailedException.InvalidInput($"viz.chart: {why}.");
}
