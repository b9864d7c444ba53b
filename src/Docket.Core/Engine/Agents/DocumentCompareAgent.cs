using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/compare</c> agent: reads two or more documents, finds the key values
/// of each (labelled numbers, dates, ids, totals) and the lines each one has, and reports the
/// fields whose values differ, the lines added and removed against the first document and a
/// one-paragraph summary. No model: the same inputs always give the same bytes.
/// </summary>
public sealed class DocumentCompareAgent : IAgentHandler
{
    private const int MaxKeyLength = 40;

    private readonly DocumentReader _reader;

    public DocumentCompareAgent(DocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public string Name => AgentCatalog.Compare;

    public string Description =>
        "Compares two or more documents: the key values of each, the fields that differ, the lines added and removed, and a plain-language summary.";

    public IReadOnlyList<string> Toolsets { get; } = ["core", "document"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = context.Documents("document/compare", atLeast: 2);

        var documents = new List<Compared>();
        var pages = 0;
        foreach (var input in inputs)
        {
            var layout = await _reader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            pages += layout.Pages.Count;
            var lines = layout.Pages.SelectMany(p => p.Lines).Select(l => Collapse(l.Text)).Where(t => t.Length > 0).ToList();
            documents.Add(new Compared(input.Name, lines, KeyValues(lines)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var response = Compare(documents);
        return new AgentResult(response) { ElementsProcessed = pages, ElementType = "page" };
    }

    private static JsonObject Compare(List<Compared> documents)
    {
        var documentsJson = new JsonArray();
        foreach (var document in documents)
        {
            var summary = new JsonObject();
            foreach (var (key, value) in document.Values)
            {
                summary[key] = value;
            }

            documentsJson.Add(new JsonObject
            {
                ["name"] = document.Name,
                ["summary"] = summary,
                ["text_lines"] = document.Lines.Count,
            });
        }

        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in documents.SelectMany(d => d.Values.Select(v => v.Key)))
        {
            if (seenKeys.Add(key))
            {
                keys.Add(key);
            }
        }

        var fields = new JsonArray();
        var changed = new List<(string Key, List<string?> Values)>();
        foreach (var key in keys)
        {
            var values = documents.Select(d => (string?)d.Values.FirstOrDefault(v => v.Key == key).Value).ToList();
            if (values.Distinct(StringComparer.Ordinal).Count() > 1)
            {
                changed.Add((key, values));
                fields.Add(new JsonObject
                {
                    ["key"] = key,
                    ["values"] = new JsonArray(values.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v))).ToArray()),
                });
            }
        }

        var first = documents[0];
        var firstLines = new HashSet<string>(first.Lines, StringComparer.Ordinal);
        var added = Distinct(documents.Skip(1).SelectMany(d => d.Lines).Where(l => !firstLines.Contains(l)));
        var removed = Distinct(first.Lines.Where(l => documents.Skip(1).Any(d => !d.Lines.Contains(l, StringComparer.Ordinal))));

        return new JsonObject
        {
            ["documents"] = documentsJson,
            ["differences"] = new JsonObject
            {
                ["fields"] = fields,
                ["added_lines"] = new JsonArray(added.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                ["removed_lines"] = new JsonArray(removed.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            },
            ["summary"] = Summarize(documents, changed, added.Count, removed.Count),
        };
    }

    private static string Summarize(List<Compared> documents, List<(string Key, List<string?> Values)> changed, int added, int removed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Compared {documents.Count} documents ({string.Join(", ", documents.Select(d => d.Name))}) against {documents[0].Name}. ");
        if (changed.Count == 0)
        {
            text.Append("No key values differ");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{changed.Count} key value{(changed.Count == 1 ? string.Empty : "s")} differ");
            text.Append(": ");
            text.Append(string.Join("; ", changed.Take(5).Select(c =>
                $"{c.Key.Replace('_', ' ')} is {string.Join(" vs ", c.Values.Select(v => v ?? "missing"))}")));
            if (changed.Count > 5)
            {
                text.Append(CultureInfo.InvariantCulture, $"; and {changed.Count - 5} more");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $". {added} line{(added == 1 ? " was" : "s were")} added and {removed} line{(removed == 1 ? " was" : "s were")} removed or changed.");
        return text.ToString();
    }

    /// <summary>
    /// Labelled values of the lines: <c>Label: value</c>, or a run of words followed by a value
    /// that holds a digit (amounts, dates, ids). The first occurrence of each label wins.
    /// </summary>
    internal static List<KeyValuePair<string, string>> KeyValues(IEnumerable<string> lines)
    {
        var values = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            string label;
            string value;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < line.Length - 1 && !char.IsDigit(line[colon - 1]))
            {
                label = line[..colon];
                value = line[(colon + 1)..].Trim();
            }
            else
            {
                var words = line.Split(' ');
                var firstValue = Array.FindIndex(words, w => w.Any(char.IsDigit));
                if (firstValue <= 0)
                {
                    continue;
                }

                label = string.Join(' ', words[..firstValue]);
                value = string.Join(' ', words[firstValue..]);
            }

            var key = Key(label);
            if (key.Length == 0 || value.Length == 0 || !value.Any(char.IsDigit) || !seen.Add(key))
            {
                continue;
            }

            values.Add(new KeyValuePair<string, string>(key, value));
        }

        return values;
    }

    private static string Key(string label)
    {
        var key = new StringBuilder();
        foreach (var c in label.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
            else if (key.Length > 0 && key[^1] != '_')
            {
                key.Append('_');
            }
        }

        var text = key.ToString().Trim('_');
        return text.Length > MaxKeyLength || !text.Any(char.IsLetter) ? string.Empty : text;
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<string> Distinct(IEnumerable<string> lines)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return lines.Where(seen.Add).ToList();
    }

    private sealed record Compared(string Name, List<string> Lines, List<KeyValuePair<string, string>> Values);
}
