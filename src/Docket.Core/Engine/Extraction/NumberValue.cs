using System.Globalization;
using System.Text;

namespace Docket.Engine.Extraction;

/// <summary>Which character a document writes as the decimal separator when a number alone cannot tell.</summary>
internal enum DecimalStyle
{
    /// <summary>1,234.56</summary>
    Point,

    /// <summary>1.234,56</summary>
    Comma,
}

/// <summary>A number read from text, with what was printed around it.</summary>
internal readonly record struct ParsedNumber(decimal Value, bool HasCurrency, bool HasExplicitSign, int Decimals);

/// <summary>
/// Reads amounts and quantities as documents print them: either decimal convention, thousands
/// separators (comma, point, space, apostrophe), currency symbols and codes on either side,
/// minus signs before or after, parentheses and DR/CR for negatives, a unit after a quantity.
/// </summary>
internal static class NumberValue
{
    private static readonly string[] s_negativeWords = ["dr", "debit", "db", "soll"];
    private static readonly string[] s_positiveWords = ["cr", "credit", "haben"];

    /// <summary>
    /// Parses text that is a number and nothing else but decorations: currency, sign, DR/CR and,
    /// with <paramref name="unitWords"/>, a short unit word after it ("2 pc", "28 hrs").
    /// </summary>
    public static bool TryParse(string text, DecimalStyle style, out ParsedNumber number, bool unitWords = false)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().Replace('\u2212', '-').Replace('\u2013', '-').Replace('\u00A0', ' ').Replace('\u202F', ' ');
        var negative = false;
        var explicitSign = false;
        var hasCurrency = false;

        if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            explicitSign = true;
            s = s[1..^1].Trim();
        }
        else if (s.Count(c => c == '(') != s.Count(c => c == ')'))
        {
            // A lone bracket is a speck a scanner read, not a negative amount.
            s = s.Trim('(', ')').Trim();
        }

        // Words around the number: currency codes, DR/CR, a unit. A code or unit may be glued
        // to the number ("EUR800.00", "2pc"), and a scan may add a point at the end ("1,833.29.").
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(Unglue).ToList();
        if (words.Count > 0 && words[^1].Length > 1 && words[^1][^1] == '.' && char.IsAsciiDigit(words[^1][^2]))
        {
            words[^1] = words[^1][..^1];
        }

        var numberWords = new List<string>();
        var trailingWords = 0;
        foreach (var word in words)
        {
            var bare = word.TrimEnd('.', ':');
            var folded = Tokens.Fold(bare);
            if (CurrencyCodes.IsCode(bare) || CurrencyCodes.IsSymbolWord(bare))
            {
                hasCurrency = true;
                continue;
            }

            if (s_negativeWords.Contains(folded))
            {
                negative = true;
                explicitSign = true;
                continue;
            }

            if (s_positiveWords.Contains(folded))
            {
                explicitSign = true;
                continue;
            }

            if (numberWords.Count > 0 && unitWords && trailingWords == 0 && IsUnitWord(bare))
            {
                trailingWords++;
                continue;
            }

            if (trailingWords > 0)
            {
                return false;
            }

            numberWords.Add(word);
        }

        if (numberWords.Count == 0)
        {
            return false;
        }

        // Digits grouped by spaces ("1 234,56") are one number; anything else is not.
        var core = string.Concat(numberWords);
        var body = new StringBuilder(core.Length);
        for (var i = 0; i < core.Length; i++)
        {
            var c = core[i];
            if (char.IsAsciiDigit(c) || c is '.' or ',' or '\'' or '’')
            {
                body.Append(c);
            }
            else if (c is '-' or '+')
            {
                var atEdge = body.Length == 0 || i == core.Length - 1 || !core[(i + 1)..].Any(char.IsAsciiDigit);
                if (!atEdge)
                {
                    return false;
                }

                explicitSign = true;
                negative |= c == '-';
            }
            else if (CurrencyCodes.SymbolAt(core, i) is { } symbol)
            {
                hasCurrency = true;
                i += symbol.Length - 1;
            }
            else if (c == '%')
            {
                return false;
            }
            else
            {
                return false;
            }
        }

        if (numberWords.Count > 1 && !GroupedBySpaces(numberWords))
        {
            return false;
        }

        if (!TryDigits(body.ToString(), style, out var value, out var decimals))
        {
            return false;
        }

        number = new ParsedNumber(negative ? -value : value, hasCurrency, explicitSign, decimals);
        return true;
    }

    /// <summary>The first number inside running text ("3 x 19.49" gives 3), with its span.</summary>
    public static IEnumerable<(ParsedNumber Number, int Start, int End)> FindAll(string text, DecimalStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] is '.' or ',' or '\'' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
            {
                i++;
            }

            var signStart = start > 0 && text[start - 1] is '-' or '\u2212' && (start == 1 || !char.IsLetterOrDigit(text[start - 2])) ? start - 1 : start;
            if (TryDigits(text[start..i], style, out var value, out var decimals))
            {
                var negative = signStart < start;
                yield return (new ParsedNumber(negative ? -value : value, false, negative, decimals), signStart, i);
            }
        }
    }

    /// <summary>The number a JSON value holds, whatever CLR type it was created from.</summary>
    public static decimal? FromJson(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>Formats a number as JSON wants it: invariant, no exponent, no trailing zeros.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    private static IEnumerable<string> Unglue(string word)
    {
        var letters = word.TakeWhile(char.IsAsciiLetter).Count();
        if (letters == 3 && word.Length > 3 && IsNumberStart(word[3]) && CurrencyCodes.IsCode(word[..3]))
        {
            return [word[..3], word[3..]];
        }

        var trailing = word.Reverse().TakeWhile(char.IsAsciiLetter).Count();
        if (trailing is > 0 and <= 6 && trailing < word.Length && char.IsAsciiDigit(word[^(trailing + 1)]))
        {
            return [word[..^trailing], word[^trailing..]];
        }

        return [word];
    }

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '-' or '+' or '(' or '.';

    private static bool GroupedBySpaces(List<string> words)
    {
        // "1 234 567,89": every group after the first is three digits (the last may carry decimals).
        for (var i = 1; i < words.Count; i++)
        {
            var digits = words[i].TakeWhile(char.IsAsciiDigit).Count();
            if (digits != 3 || !words[i - 1].All(c => char.IsAsciiDigit(c) || c is '-' or '+' || CurrencyCodes.SymbolAt(c.ToString(), 0) is not null))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryDigits(string body, DecimalStyle style, out decimal value, out int decimals)
    {
        value = 0;
        decimals = 0;
        body = body.Replace("'", string.Empty, StringComparison.Ordinal).Replace("’", string.Empty, StringComparison.Ordinal);
        if (body.Length == 0 || !char.IsAsciiDigit(body[0]) && body[0] is not '.' and not ',' || !char.IsAsciiDigit(body[^1]))
        {
            return false;
        }

        var lastPoint = body.LastIndexOf('.');
        var lastComma = body.LastIndexOf(',');
        char? decimalSeparator;
        if (lastPoint >= 0 && lastComma >= 0)
        {
            decimalSeparator = lastPoint > lastComma ? '.' : ',';
        }
        else if (lastPoint < 0 && lastComma < 0)
        {
            decimalSeparator = null;
        }
        else
        {
            var separator = lastPoint >= 0 ? '.' : ',';
            var count = body.Count(c => c == separator);
            var after = body.Length - body.LastIndexOf(separator) - 1;
            if (count > 1)
            {
                decimalSeparator = null;
            }
            else if (after != 3)
            {
                decimalSeparator = separator;
            }
            else
            {
                // "1,234" or "1.234": three digits after one separator is a thousands group unless
                // the document writes that separator as its decimal point.
                var documentDecimal = style == DecimalStyle.Point ? '.' : ',';
                decimalSeparator = separator == documentDecimal ? separator : null;
            }
        }

        string integerPart;
        var fraction = string.Empty;
        if (decimalSeparator is { } d)
        {
            var at = body.LastIndexOf(d);
            integerPart = body[..at];
            fraction = body[(at + 1)..];
            if (fraction.Any(c => !char.IsAsciiDigit(c)))
            {
                return false;
            }
        }
        else
        {
            integerPart = body;
        }

        var thousands = decimalSeparator == '.' ? ',' : decimalSeparator == ',' ? '.' : (char?)null;
        var groups = thousands is { } t ? integerPart.Split(t) : integerPart.Split('.', ',');
        if (groups.Length > 1 && (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3)))
        {
            return false;
        }

        var digits = string.Concat(groups);
        if (digits.Length == 0)
        {
            digits = "0";
        }

        if (digits.Any(c => !char.IsAsciiDigit(c)) || digits.Length + fraction.Length > 26)
        {
            return false;
        }

        decimals = fraction.Length;
        return decimal.TryParse(fraction.Length == 0 ? digits : digits + "." + fraction, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsUnitWord(string word) =>
        word.Length is > 0 and <= 8 && word.All(char.IsLetter) || word is "x" or "X" or "×";
}
