using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Docket.Cli.Commands;

/// <summary>
/// How client commands print: aligned tables and fields for people, or exactly one JSON document
/// on stdout with <c>--json</c>. Messages, warnings and progress always go to stderr, so stdout
/// stays clean for pipes. Colours only when stdout is a terminal and <c>NO_COLOR</c> is unset.
/// </summary>
internal sealed class Output
{
    /// <summary>The wire's spelling (snake_case, nulls left out), indented for people reading it too.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new UtcTimeJsonConverter() },
    };

    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly bool _color;

    public Output(bool json)
    {
        IsJson = json;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        _color = !noColor && !Console.IsOutputRedirected;
        IsInteractive = !Console.IsErrorRedirected;
    }

    /// <summary>True with <c>--json</c>: stdout gets one JSON document and nothing else.</summary>
    public bool IsJson { get; }

    /// <summary>True when stderr is a terminal, so progress can be redrawn in place.</summary>
    public bool IsInteractive { get; }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, JsonOptions);

    public void WriteJson<T>(T value) => _out.WriteLine(Serialize(value));

    /// <summary>A line of human output on stdout.</summary>
    public void Line(string text = "") => _out.WriteLine(text);

    /// <summary>A message for the person at the terminal, on stderr.</summary>
    public void Note(string text) => _error.WriteLine(text);

    public void Error(string text) => _error.WriteLine((_color && IsInteractive ? "\u001b[31merror:\u001b[0m " : "error: ") + text);

    /// <summary>Columns padded to their widest cell; <paramref name="statusColumn"/> is coloured by status.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int statusColumn = -1)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Row(text, headers, widths, -1);
        foreach (var row in all)
        {
            Row(text, row, widths, statusColumn);
        }

        _out.Write(text.ToString());
    }

    /// <summary><c>name   value</c> lines, names aligned; rows whose value is null are left out.</summary>
    public void Fields(IEnumerable<(string Name, string? Value)> fields)
    {
        var set = fields.Where(f => f.Value is not null).ToList();
        var width = set.Max(f => f.Name.Length);
        foreach (var (name, value) in set)
        {
            _out.WriteLine($"{name.PadRight(width)}  {(name == "status" ? Status(value!) : value)}");
        }
    }

    /// <summary>An execution status, green when completed, red when failed, yellow while under way.</summary>
    public string Status(string status) => !_color ? status : status switch
    {
        "completed" => $"\u001b[32m{status}\u001b[0m",
        "failed" => $"\u001b[31m{status}\u001b[0m",
        _ => $"\u001b[33m{status}\u001b[0m",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "-";

    public static string Duration(TimeSpan elapsed) => elapsed.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}");

    private void Row(StringBuilder text, IReadOnlyList<string> cells, int[] widths, int statusColumn)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var last = i == cells.Count - 1;
            var cell = last ? cells[i] : cells[i].PadRight(widths[i]);
            text.Append(i == statusColumn ? Status(cells[i]) + cell[cells[i].Length..] : cell);
            text.Append(last ? "\n" : "  ");
        }
    }
}
