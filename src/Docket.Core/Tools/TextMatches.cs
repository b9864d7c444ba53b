using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Engine.Readers;

namespace Docket.Tools;

/// <summary>
/// What the redaction tools cover: the <c>patterns</c> (regular expressions) and <c>text</c>
/// (phrases, any case) arguments, matched against each line's words joined by single spaces, so
/// a phrase is found across the words it spans. No matchers means every word.
/// </summary>
internal static class TextMatches
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static JsonObject PatternsSchema => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "string" },
        ["description"] = "Regular expressions (.NET syntax) matched against each line's text.",
    };

    public static JsonObject TextSchema => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "string" },
        ["description"] = "Words or phrases to cover wherever they appear, any case.",
    };

    /// <summary>The matchers the arguments ask for; null when they name none.</summary>
    public static List<Regex>? Matchers(JsonObject arguments, string tool)
    {
        var patterns = Strings(arguments, tool, "patterns");
        var phrases = Strings(arguments, tool, "text");
        if (patterns.Count == 0 && phrases.Count == 0)
        {
            return null;
        }

        var matchers = new List<Regex>();
        foreach (var pattern in patterns)
        {
            try
            {
                matchers.Add(new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException ex)
            {
                throw ToolArgs.Bad(tool, "patterns", $"holds '{pattern}', which is not a regular expression ({ex.Message})");
            }
        }

        foreach (var phrase in phrases.Where(p => p.Trim().Length > 0))
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
            matchers.Add(new Regex(string.Join(@"\s+", words), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout));
        }

        return matchers;
    }

    /// <summary>
    /// Each match in the line with the words it touches (every word on its own when there are no
    /// matchers), all found before any is painted, so a pattern that runs too long fails cleanly.
    /// </summary>
    public static List<(string Text, List<LayoutWord> Words)> Find(LayoutLine line, List<Regex>? matchers, string tool)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            return [.. Matches(line, matchers)];
        }
        catch (RegexMatchTimeoutException)
        {
            throw ToolArgs.Bad(tool, "patterns", $"took longer than {MatchTimeout.TotalSeconds:0} s to match a line; simplify the expression");
        }
    }

    private static List<string> Strings(JsonObject arguments, string tool, string name) => arguments[name] switch
    {
        null => [],
        JsonArray list when list.All(i => i is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) && list.Count <= 200 =>
            [.. list.Select(i => i!.GetValue<string>())],
        _ => throw ToolArgs.Bad(tool, name, "must be a list of at most 200 strings"),
    };

    private static IEnumerable<(string Text, List<LayoutWord> Words)> Matches(LayoutLine line, List<Regex>? matchers)
    {
        if (matchers is null)
        {
            foreach (var word in line.Words)
            {
                yield return (word.Text, [word]);
            }

            yield break;
        }

        var text = new StringBuilder();
        var starts = new List<int>();
        foreach (var word in line.Words)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            starts.Add(text.Length);
            text.Append(word.Text);
        }

        var joined = text.ToString();
        foreach (var matcher in matchers)
        {
            foreach (Match match in matcher.Matches(joined))
            {
                if (match.Length == 0)
                {
                    continue;
                }

                var words = line.Words.Where((w, i) => starts[i] < match.Index + match.Length && starts[i] + w.Text.Length > match.Index).ToList();
                if (words.Count > 0)
                {
                    yield return (match.Value, words);
                }
            }
        }
    }
}
