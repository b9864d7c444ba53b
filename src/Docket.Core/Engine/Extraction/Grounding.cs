using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Where each extracted value was read, keyed by the JSON pointer of the value: the page (1-based,
/// counted across all inputs), the box as fractions of the page (left, top, right, bottom), the
/// source text, and a confidence between 0 and 1.
/// </summary>
internal sealed class Grounding(DocModel doc)
{
    private readonly SortedDictionary<string, JsonObject> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _confidence = new(StringComparer.Ordinal);

    public static string Escape(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    public void Add(string pointer, Span source, double confidence) => Add(pointer, [source], source.Text, confidence);

    public void Add(string pointer, IReadOnlyList<Span> sources, string text, double confidence)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            return;
        }

        var page = sources[0].Page;
        var box = sources.Where(s => s.Page == page).Select(s => s.Box).Aggregate((a, b) => a.Union(b));
        var size = doc.Pages[page];
        _entries[pointer] = new JsonObject
        {
            ["page"] = size.Number,
            ["box"] = new JsonArray(Fraction(box.Left, size.Width), Fraction(box.Top, size.Height), Fraction(box.Right, size.Width), Fraction(box.Bottom, size.Height)),
            ["text"] = text,
            ["confidence"] = Math.Round(Math.Clamp(confidence, 0, 1), 2),
        };
        _confidence[pointer] = confidence;
    }

    /// <summary>Lowers (or raises) the confidence of a value already grounded, after an arithmetic check.</summary>
    public void Adjust(string pointer, double confidence)
    {
        if (_entries.TryGetValue(pointer, out var entry))
        {
            entry["confidence"] = Math.Round(Math.Clamp(confidence, 0, 1), 2);
            _confidence[pointer] = confidence;
        }
    }

    public double ConfidenceOf(string pointer) => _confidence.TryGetValue(pointer, out var c) ? c : 0;

    public void Remove(string pointer)
    {
        _entries.Remove(pointer);
        _confidence.Remove(pointer);
    }

    /// <summary>The entries in pointer order, so the same document always gives the same bytes.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (pointer, entry) in _entries)
        {
            json[pointer] = entry.DeepClone();
        }

        return json;
    }

    private static double Fraction(double value, double size) => size <= 0 ? 0 : Math.Round(Math.Clamp(value / size, 0, 1), 4);
}
