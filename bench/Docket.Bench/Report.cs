using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Bench;

/// <summary>A benchmark's figures: a table for people, then one JSON line for scripts. Create it when the benchmark starts.</summary>
internal sealed class Report(string benchmark)
{
    private readonly List<string> _missed = [];
    private readonly List<(string Label, string Value, string Target, string Verdict)> _rows = [];
    private readonly JsonObject _json = new() { ["benchmark"] = benchmark, ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["cores"] = Environment.ProcessorCount };
    private (ServerProcess Server, TimeSpan ServerCpu, TimeSpan SelfCpu, MachineCpu Machine, long Timestamp)? _window;
    private double _otherCoreSeconds;
    private double _watchedSeconds;

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

    /// <summary>
    /// Counts, until <see cref="EndWatch"/> or <see cref="Print"/>, the CPU that processes other than
    /// this one and <paramref name="server"/> use: the figures are only sound when that stays near zero.
    /// <paramref name="sinceStart"/> counts from just before the server process started.
    /// </summary>
    public void Watch(ServerProcess server, bool sinceStart = false)
    {
        EndWatch();
        _window = sinceStart
            ? (server, TimeSpan.Zero, server.StartSelfCpu, server.StartMachineCpu, server.StartedAt)
            : (server, server.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, MachineCpu.Now(), Stopwatch.GetTimestamp());
    }

    /// <summary>Closes the window <see cref="Watch"/> opened; call it before the server stops.</summary>
    public void EndWatch()
    {
        if (_window is not { } w)
        {
            return;
        }

        var seconds = Stopwatch.GetElapsedTime(w.Timestamp).TotalSeconds;
        var ours = (Process.GetCurrentProcess().TotalProcessorTime - w.SelfCpu) + (w.Server.CpuTime - w.ServerCpu);
        _otherCoreSeconds += Math.Max(0, (MachineCpu.Now().CoresBusySince(w.Machine) * seconds) - ours.TotalSeconds);
        _watchedSeconds += seconds;
        _window = null;
    }

    /// <summary>
    /// For a benchmark that runs in this process (no server): the machine's busy cores over
    /// <paramref name="seconds"/>, less the CPU this process and its children used.
    /// </summary>
    public void CountOthers(double machineCoresBusy, double seconds, double ownCpuSeconds)
    {
        _otherCoreSeconds += Math.Max(0, (machineCoresBusy * seconds) - ownCpuSeconds);
        _watchedSeconds += seconds;
    }

    /// <summary>A value for the JSON line only (settings, counts).</summary>
    public void Set(string key, JsonNode? value) => _json[key] = value;

    public void Print()
    {
        var width = _rows.Count == 0 ? 10 : _rows.Max(r => r.Label.Length);
        var valueWidth = _rows.Count == 0 ? 10 : _rows.Max(r => r.Value.Length);
        var targetWidth = _rows.Count == 0 ? 0 : _rows.Max(r => r.Target.Length);
        EndWatch();
        var others = _watchedSeconds > 0 ? _otherCoreSeconds / _watchedSeconds : double.NaN;
        _json["other_processes_cores_busy"] = double.IsNaN(others) ? null : Math.Round(others, 2);
        Console.WriteLine();
        Console.WriteLine($"== {_json["benchmark"]} ==   (other processes used {others:F2} cores meanwhile{(others > 0.1 ? ": the figures are skewed by other work" : string.Empty)})");
        foreach (var (label, value, target, verdict) in _rows)
        {
            Console.WriteLine($"  {label.PadRight(width)}  {value.PadLeft(valueWidth)}  {target.PadRight(targetWidth)}  {verdict}".TrimEnd());
        }

        _json["missed"] = new JsonArray([.. _missed.Select(m => (JsonNode)m)]);
        Console.WriteLine(_json.ToJsonString());
    }

    private static string Format(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
