using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Bench;

/// <summary>A benchmark's figures: a table for people, then one JSON line for scripts. Create it when the benchmark starts.</summary>
internal sealed class Report(string benchmark)
{
    /// <summary>The 1-minute load average when the report was created; other work on the machine skews every figure.</summary>
    private readonly double _startLoad = LoadAverage();

    private readonly List<string> _missed = [];
    private readonly List<(string Label, string Value, string Target, string Verdict)> _rows = [];
    private readonly JsonObject _json = new() { ["benchmark"] = benchmark, ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["cores"] = Environment.ProcessorCount };

    /// <summary>A figure; <paramref name="atMost"/> or <paramref name="atLeast"/> make it a target checked in the table.</summary>
    public void Add(string key, string label, double value, string unit, int decimals = 1, double? atMost = null, double? atLeast = null)
    {
        _json[key] = Math.Round(value, 3);
        var target = atMost is { } max ? $"< {Format(max, decimals)} {unit}" : atLeast is { } min ? $">= {Format(min, decimals)} {unit}" : string.Empty;
        var verdict = atMost is { } m ? (value < m ? "ok" : "MISSED") : atLeast is { } l ? (value >= l ? "ok" : "MISSED") : string.Empty;
        _rows.Add((label, $"{Format(value, decimals)} {unit}".TrimEnd(), target, verdict));
        if (verdict == "MISSED")
        {
            _missed.Add(key);
        }
    }

    /// <summary>A value for the JSON line only (settings, counts).</summary>
    public void Set(string key, JsonNode? value) => _json[key] = value;

    public void Print()
    {
        var width = _rows.Count == 0 ? 10 : _rows.Max(r => r.Label.Length);
        var valueWidth = _rows.Count == 0 ? 10 : _rows.Max(r => r.Value.Length);
        var targetWidth = _rows.Count == 0 ? 0 : _rows.Max(r => r.Target.Length);
        var endLoad = LoadAverage();
        _json["load_average_start"] = _startLoad;
        _json["load_average_end"] = endLoad;
        Console.WriteLine();
        Console.WriteLine($"== {_json["benchmark"]} ==   (load average {_startLoad:F2} at start, {endLoad:F2} at end{(Math.Max(_startLoad, endLoad) > Environment.ProcessorCount / 2.0 ? ": other work is running, figures are skewed" : string.Empty)})");
        foreach (var (label, value, target, verdict) in _rows)
        {
            Console.WriteLine($"  {label.PadRight(width)}  {value.PadLeft(valueWidth)}  {target.PadRight(targetWidth)}  {verdict}".TrimEnd());
        }

        _json["missed"] = new JsonArray([.. _missed.Select(m => (JsonNode)m)]);
        Console.WriteLine(_json.ToJsonString());
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string Format(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
