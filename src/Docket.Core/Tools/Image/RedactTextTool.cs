using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// <c>image.redact_text</c>: text found by OCR painted over with solid boxes. With
/// <c>patterns</c> (regular expressions) or <c>text</c> (words or phrases, any case) only what
/// matches is covered, matched across the words of each line; with neither, every word is.
/// </summary>
public sealed class RedactTextTool(TesseractOcr ocr, IOptions<ImageToolOptions> options) : ITool
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public string Name => "image.redact_text";

    public string Toolset => "image";

    public string Description => "Finds text in an image with OCR and covers it with solid boxes: the words matching 'patterns' (regular expressions) or 'text' (phrases, any case), or every word when neither is given. Returns PNG and what was covered.";

    public JsonObject Parameters => ImageSchema.Properties(
        ("patterns", new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Regular expressions (.NET syntax) matched against each line's text." }),
        ("text", new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Words or phrases to cover wherever they appear, any case." }),
        ("colour", ImageSchema.Colour("black")),
        ("padding", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 50, ["default"] = 2, ["description"] = "Pixels added around each covered box." }));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var matchers = Matchers(arguments);
        var colour = ImageSchema.ReadColour(arguments, Name, "colour", "black");
        var padding = ToolArgs.Integer(arguments, Name, "padding", 0, 50) ?? 2;
        var page = await OcrTool.ReadAsync(ocr, context, arguments, options.Value, cancellationToken).ConfigureAwait(false);
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);

        var redactions = new JsonArray();
        foreach (var line in page.Lines)
        {
            foreach (var (text, words) in Found(line, matchers))
            {
                var box = words.Select(w => w.Box).Aggregate((a, b) => a.Union(b));
                var rect = new Rect(
                    (int)Math.Floor(box.Left) - padding,
                    (int)Math.Floor(box.Top) - padding,
                    (int)Math.Ceiling(box.Width) + (2 * padding) + 1,
                    (int)Math.Ceiling(box.Height) + (2 * padding) + 1);
                RegionFilter.Fill(image, rect, colour);
                redactions.Add(new JsonObject { ["text"] = text, ["box"] = ImageSchema.ToJson(RegionFilter.Clamp(rect, image.Width, image.Height)) });
            }
        }

        var result = ImageIo.Result(await ImageIo.SaveAsync(context, image, file, "redacted", cancellationToken).ConfigureAwait(false), image);
        result["redactions"] = redactions;
        return result;
    }

    /// <summary>The matches of one line, all found before any is painted, so a pattern that runs too long fails cleanly.</summary>
    private List<(string Text, List<LayoutWord> Words)> Found(LayoutLine line, List<Regex>? matchers)
    {
        try
        {
            return [.. Matches(line, matchers)];
        }
        catch (RegexMatchTimeoutException)
        {
            throw ToolArgs.Bad(Name, "patterns", $"took longer than {MatchTimeout.TotalSeconds:0} s to match a line; simplify the expression");
        }
    }

    private List<Regex>? Matchers(JsonObject arguments)
    {
        var patterns = Strings(arguments, "patterns");
        var phrases = Strings(arguments, "text");
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
                throw ToolArgs.Bad(Name, "patterns", $"holds '{pattern}', which is not a regular expression ({ex.Message})");
            }
        }

        foreach (var phrase in phrases.Where(p => p.Trim().Length > 0))
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
            matchers.Add(new Regex(string.Join(@"\s+", words), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout));
        }

        return matchers;
    }

    private List<string> Strings(JsonObject arguments, string name) => arguments[name] switch
    {
        null => [],
        JsonArray list when list.All(i => i is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) && list.Count <= 200 =>
            [.. list.Select(i => i!.GetValue<string>())],
        _ => throw ToolArgs.Bad(Name, name, "must be a list of at most 200 strings"),
    };

    /// <summary>
    /// Each match in the line's text (its words joined by single spaces) with the words it
    /// touches; with no matchers, every word on its own.
    /// </summary>
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
