using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Engine.Extraction;

/// <summary>A value read from a span of text: the JSON value, the part of the text it came from, and how cleanly it read (0–1).</summary>
internal sealed record ReadValue(JsonNode Value, Span Source, double Quality);

/// <summary>
/// Turns printed text into a field's value: numbers in either convention, dates and times to
/// ISO, currencies to ISO 4217 codes, enums by closest match, booleans; text cleaned of labels
/// that follow it.
/// </summary>
internal static partial class ValueReader
{
    private static readonly string[] s_true = ["yes", "y", "true", "ja", "oui", "si", "sí", "x", "✓", "✔", "☑", "☒", "paid", "checked", "on"];
    private static readonly string[] s_false = ["no", "n", "false", "nein", "non", "nee", "☐", "unpaid", "unchecked", "off", "none"];

    public static ReadValue? Read(SchemaField field, Span span, DocModel doc)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(doc);
        span = CutAtNextLabel(span).Trim(" \t:;,|·–—");
        if (span.IsEmpty)
        {
            return null;
        }

        return field.Type switch
        {
            ValueType.Number => Number(span, doc, integer: false),
            ValueType.Integer => Number(span, doc, integer: true),
            ValueType.Date => Date(span, doc),
            ValueType.DateTime => DateTime(span, doc),
            ValueType.Time => Time(span),
            ValueType.Currency => Currency(span),
            ValueType.Boolean => Boolean(span),
            ValueType.Enum => Enum(field, span),
            _ => Text(span),
        };
    }

    /// <summary>A number that is the whole span but decorations (currency, sign, a unit after a quantity).</summary>
    public static ReadValue? Number(Span span, DocModel doc, bool integer)
    {
        ArgumentNullException.ThrowIfNull(doc);
        // A lone "l", "I" or "|" where a quantity stands is a 1 a scanner misread.
        if (span.Text.Trim() is "l" or "I" or "|" or "i" or "!")
        {
            return Make(1, span, 0.6, integer);
        }

        if (!NumberValue.TryParse(span.Text, doc.DecimalStyle, out var number, unitWords: true))
        {
            // "(20%) 82.66": an amount after a rate in brackets; nothing else around a number reads as one.
            var all = NumberValue.FindAll(span.Text, doc.DecimalStyle).ToList();
            if (all.Count == 0 || all[^1].End != span.Text.TrimEnd().Length || !OnlyBrackets(span.Text[..all[^1].Start]))
            {
                return null;
            }

            var last = all[^1];
            return Make(last.Number.Value, span.Slice(last.Start, last.End), 0.8, integer);
        }

        return Make(number.Value, span, 1, integer);
    }

    public static ReadValue? Date(Span span, DocModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var dates = DateValue.FindAll(span.Text, doc.Dates);
        if (dates.Count == 0)
        {
            return null;
        }

        var first = dates[0];
        var covered = (double)(first.End - first.Start) / span.Text.Trim().Length;
        return new ReadValue(JsonValue.Create(DateValue.Iso(first.Date)), span.Slice(first.Start, first.End), covered > 0.6 ? 1 : 0.8);
    }

    private static ReadValue? DateTime(Span span, DocModel doc)
    {
        var date = DateValue.FindAll(span.Text, doc.Dates).FirstOrDefault();
        if (date.End == 0)
        {
            return null;
        }

        var time = TimeValue.FindAll(span.Text).FirstOrDefault(t => t.Start >= date.End || t.End <= date.Start);
        var text = DateValue.Iso(date.Date) + "T" + (time.End > 0 ? TimeValue.Format(time.Time, seconds: true) : "00:00:00");
        var start = Math.Min(date.Start, time.End > 0 ? time.Start : date.Start);
        var end = Math.Max(date.End, time.End);
        return new ReadValue(JsonValue.Create(text), span.Slice(start, end), time.End > 0 ? 1 : 0.8);
    }

    public static ReadValue? Time(Span span)
    {
        var time = TimeValue.FindAll(span.Text).FirstOrDefault();
        return time.End == 0 ? null : new ReadValue(JsonValue.Create(TimeValue.Format(time.Time, seconds: false)), span.Slice(time.Start, time.End), 1);
    }

    private static ReadValue? Currency(Span span)
    {
        var code = CurrencyCodes.FromValue(span.Text);
        return code is null ? null : new ReadValue(JsonValue.Create(code), span, span.Text.Trim().Length <= 4 ? 1 : 0.9);
    }

    private static ReadValue? Boolean(Span span)
    {
        var folded = Tokens.Fold(span.Text.Trim().TrimEnd('.', '!'));
        if (s_true.Contains(folded))
        {
            return new ReadValue(JsonValue.Create(true), span, 1);
        }

        return s_false.Contains(folded) ? new ReadValue(JsonValue.Create(false), span, 1) : null;
    }

    /// <summary>The enum value the text names: exactly, as a whole word inside it, or by the most shared words.</summary>
    private static ReadValue? Enum(SchemaField field, Span span)
    {
        var text = Tokens.Words(span.Text);
        if (text.Count == 0)
        {
            return null;
        }

        ReadValue? best = null;
        var bestScore = 0.0;
        foreach (var option in field.EnumValues.OfType<JsonNode>())
        {
            var optionText = option.GetValueKind() == JsonValueKind.String ? option.GetValue<string>() : option.ToJsonString();
            var words = Tokens.Words(optionText);
            if (words.Count == 0)
            {
                continue;
            }

            var shared = words.Count(text.Contains);
            var score = words.SequenceEqual(text) ? 1.0 : (double)shared / Math.Max(words.Count, text.Count);
            if (shared == words.Count && score < 1)
            {
                score = Math.Max(score, 0.8);
            }

            if (score > bestScore)
            {
                bestScore = score;
                best = new ReadValue(option.DeepClone(), span, score);
            }
        }

        return bestScore >= 0.5 ? best : null;
    }

    public static ReadValue? Text(Span span)
    {
        span = span.Trim();
        return span.IsEmpty || !span.Text.Any(char.IsLetterOrDigit) ? null : new ReadValue(JsonValue.Create(span.Text), span, 1);
    }

    /// <summary>
    /// The value part of a span that goes on with other items: "Net 45 · Delivery terms: EXW" or
    /// "Net 45. Delivery: EXW. Please confirm" both end after "Net 45".
    /// </summary>
    public static Span CutAtNextLabel(Span span)
    {
        var text = span.Text;
        var cut = text.Length;
        foreach (var separator in new[] { " · ", " | ", " • ", "   " })
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && at < cut)
            {
                cut = at;
            }
        }

        var next = NextLabel().Match(text);
        if (next.Success && next.Index > 0 && next.Index < cut)
        {
            cut = next.Index;
        }

        return span.Slice(0, cut);
    }

    private static ReadValue Make(decimal value, Span source, double quality, bool integer)
    {
        if (integer)
        {
            if (value != decimal.Truncate(value))
            {
                return new ReadValue(JsonValue.Create(decimal.Round(value, MidpointRounding.AwayFromZero)), source, quality * 0.5);
            }

            return new ReadValue(JsonValue.Create((long)value), source, quality);
        }

        return new ReadValue(JsonValue.Create(NumberValue.Normalize(value)), source, quality);
    }

    private static bool OnlyBrackets(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && char.IsLetterOrDigit(c) && c != ')')
            {
                return false;
            }
        }

        return depth == 0 && text.Contains('(', StringComparison.Ordinal);
    }

    public static string Format(decimal value) => NumberValue.Normalize(value).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<=\.)\s+(?=\p{Lu}[\p{L}\s]{1,25}:)|\s{2,}(?=\p{L}[\p{L}\s]{1,25}:)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex NextLabel();
}
