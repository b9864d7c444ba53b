using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Tests.Extraction;

/// <summary>
/// Field accuracy as the corpus's score.py counts it, for what the extractor outputs (ISO dates,
/// HH:MM times, JSON numbers): every truth leaf is one field; strings compare without case,
/// whitespace, commas and end punctuation; masked numbers by their digits; numbers within
/// 0.005; arrays of objects pair items by similarity.
/// </summary>
internal static partial class CorpusScore
{
    public static (int Correct, int Total) Score(JsonNode? truth, JsonNode? prediction)
    {
        int correct = 0, total = 0;
        Walk(truth, prediction, ref correct, ref total);
        return (correct, total);
    }

    private static void Walk(JsonNode? truth, JsonNode? prediction, ref int correct, ref int total)
    {
        switch (truth)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Walk(value, (prediction as JsonObject)?[key], ref correct, ref total);
                }

                break;
            case JsonArray array when array.All(i => i is JsonObject):
                var predicted = (prediction as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
                var pairs = new List<(double Similarity, int Distance, int T, int P)>();
                for (var t = 0; t < array.Count; t++)
                {
                    for (var p = 0; p < predicted.Count; p++)
                    {
                        var (c, n) = Score(array[t], predicted[p]);
                        if (c > 0)
                        {
                            pairs.Add(((double)c / n, Math.Abs(t - p), t, p));
                        }
                    }
                }

                var match = new Dictionary<int, int>();
                var used = new HashSet<int>();
                foreach (var (_, _, t, p) in pairs.OrderByDescending(x => x.Similarity).ThenBy(x => x.Distance).ThenBy(x => x.T).ThenBy(x => x.P))
                {
                    if (!match.ContainsKey(t) && used.Add(p))
                    {
                        match[t] = p;
                    }
                }

                for (var t = 0; t < array.Count; t++)
                {
                    Walk(array[t], match.TryGetValue(t, out var p) ? predicted[p] : null, ref correct, ref total);
                }

                break;
            default:
                total++;
                if (LeafEqual(truth, prediction))
                {
                    correct++;
                }

                break;
        }
    }

    private static bool LeafEqual(JsonNode? truth, JsonNode? prediction)
    {
        if (truth is null)
        {
            return prediction is null;
        }

        if (prediction is null)
        {
            return false;
        }

        if (truth.GetValueKind() == JsonValueKind.Number)
        {
            return prediction.GetValueKind() == JsonValueKind.Number
                && Math.Abs(decimal.Parse(truth.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) - decimal.Parse(prediction.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)) <= 0.005m;
        }

        var t = truth.GetValue<string>();
        var p = prediction.GetValueKind() == JsonValueKind.String ? prediction.GetValue<string>() : prediction.ToJsonString();
        return Mask().IsMatch(t.Trim())
            ? new string(t.Where(char.IsDigit).ToArray()) == new string(p.Where(char.IsDigit).ToArray())
            : Normalize(t) == Normalize(p);
    }

    private static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        s = Separators().Replace(s, " ").Trim(" .,;:!?'\"()[]{}-_/\\*·•–—".ToCharArray());
        return s.Replace(" ", string.Empty, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?:[*xX\u2022\u00b7#][\s.\-]*){3,}\d{2,}$")]
    private static partial Regex Mask();

    [GeneratedRegex(@"[\s,;]+")]
    private static partial Regex Separators();
}
