using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Engine.Providers;

/// <summary>
/// Maps a model's answer back to the documents: each string or number in the response is looked
/// up in the layout's words, and where it appears its page (numbered across inputs), box (fractions
/// of the page), text and a confidence are reported under the value's JSON pointer, as the
/// built-in extractor does. Values the documents do not contain get no entry.
/// </summary>
public static class ModelGrounding
{
    private const int MaxDepth = 32;

    public static JsonObject Find(JsonObject response, IReadOnlyList<(DocumentLayout Layout, int FirstPage)> layouts)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(layouts);
        var pages = layouts.SelectMany(l => l.Layout.Pages.Select((page, i) => (Number: l.FirstPage + i, Page: page, Words: page.Lines.SelectMany(line => line.Words).ToList()))).ToList();
        var found = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        Walk(response, string.Empty, pages, found, 0);
        var json = new JsonObject();
        foreach (var (pointer, entry) in found)
        {
            json[pointer] = entry;
        }

        return json;
    }

    private static void Walk(JsonNode? node, string pointer, List<(int Number, LayoutPage Page, List<LayoutWord> Words)> pages, SortedDictionary<string, JsonObject> found, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Walk(value, pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), pages, found, depth + 1);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture), pages, found, depth + 1);
                }

                break;
            case JsonValue value:
                if (Locate(value, pages) is { } entry)
                {
                    found[pointer.Length == 0 ? "/" : pointer] = entry;
                }

                break;
        }
    }

    private static JsonObject? Locate(JsonValue value, List<(int Number, LayoutPage Page, List<LayoutWord> Words)> pages)
    {
        string[] wanted;
        decimal? number = null;
        if (value.TryGetValue<string>(out var text))
        {
            wanted = Tokens(text);
        }
        else if (value.TryGetValue<decimal>(out var d))
        {
            number = d;
            wanted = [];
        }
        else
        {
            return null;
        }

        if (wanted.Length == 0 && number is null)
        {
            return null;
        }

        foreach (var (pageNumber, page, words) in pages)
        {
            for (var start = 0; start < words.Count; start++)
            {
                var length = number is { } n ? (NumberOf(words[start].Text) == n ? 1 : 0) : Match(words, start, wanted);
                if (length > 0)
                {
                    var span = words.Skip(start).Take(length).ToList();
                    var box = span.Select(w => w.Box).Aggregate((a, b) => a.Union(b));
                    return new JsonObject
                    {
                        ["page"] = pageNumber,
                        ["box"] = new JsonArray(Fraction(box.Left, page.Width), Fraction(box.Top, page.Height), Fraction(box.Right, page.Width), Fraction(box.Bottom, page.Height)),
                        ["text"] = string.Join(' ', span.Select(w => w.Text)),
                        ["confidence"] = number is null ? 1.0 : 0.9,
                    };
                }
            }
        }

        return null;
    }

    private static int Match(List<LayoutWord> words, int start, string[] wanted)
    {
        if (start + wanted.Length > words.Count)
        {
            return 0;
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            var have = Tokens(words[start + i].Text);
            if (have.Length != 1 || have[0] != wanted[i])
            {
                return 0;
            }
        }

        return wanted.Length;
    }

    private static string[] Tokens(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim(',', ';', ':', '.', '"', '\'', '(', ')').ToUpperInvariant())
            .Where(t => t.Length > 0)];

    /// <summary>A word read as an amount: currency signs dropped, either decimal convention.</summary>
    private static decimal? NumberOf(string word)
    {
        var digits = new string([.. word.Where(c => char.IsDigit(c) || c is '.' or ',' or '-')]).Trim('.', ',');
        if (digits.Length == 0 || !digits.Any(char.IsDigit))
        {
            return null;
        }

        var lastDot = digits.LastIndexOf('.');
        var lastComma = digits.LastIndexOf(',');
        var decimalMark = lastComma > lastDot && digits.Length - lastComma <= 3 ? ',' : '.';
        var normalized = decimalMark == ','
            ? digits.Replace(".", string.Empty, StringComparison.Ordinal).Replace(',', '.')
            : digits.Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(normalized, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static double Fraction(double value, double size) => size <= 0 ? 0 : Math.Round(Math.Clamp(value / size, 0, 1), 4);
}
