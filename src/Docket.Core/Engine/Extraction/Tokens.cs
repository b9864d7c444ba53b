using System.Globalization;
using System.Text;

namespace Docket.Engine.Extraction;

/// <summary>A word of a text, folded and canonical (<c>No.</c>, <c>#</c> and <c>Nr</c> are all <c>number</c>), with where it came from.</summary>
internal readonly record struct Token(string Text, int Start, int End)
{
    public bool IsNumeric => Text.Length > 0 && char.IsAsciiDigit(Text[0]);
}

/// <summary>
/// Folding and tokenising for label matching: case and accents do not matter, abbreviations
/// mean their word, and identifiers (snake_case, camelCase) split into words.
/// </summary>
internal static class Tokens
{
    // Abbreviations and spellings that mean one word, folded (lower case, no accents).
    private static readonly Dictionary<string, string> s_canonical = new(StringComparer.Ordinal)
    {
        ["#"] = "number", ["no"] = "number", ["nr"] = "number", ["nro"] = "number", ["num"] = "number", ["nbr"] = "number",
        ["n"] = "number", ["nummer"] = "number", ["numero"] = "number", ["numer"] = "number", ["nb"] = "number",
        ["qty"] = "quantity", ["qte"] = "quantity", ["qnty"] = "quantity", ["quant"] = "quantity", ["menge"] = "quantity",
        ["amt"] = "amount", ["inv"] = "invoice", ["ref"] = "reference", ["acct"] = "account", ["acc"] = "account",
        ["a/c"] = "account", ["tel"] = "phone", ["telephone"] = "phone", ["ph"] = "phone", ["telefon"] = "phone",
        ["desc"] = "description", ["descr"] = "description", ["dt"] = "date", ["ttl"] = "total", ["tot"] = "total",
        ["bal"] = "balance", ["stmt"] = "statement", ["addr"] = "address", ["pmt"] = "payment", ["pymt"] = "payment",
        ["cust"] = "customer", ["purch"] = "purchase", ["ord"] = "order", ["dept"] = "department", ["curr"] = "currency",
        ["ccy"] = "currency", ["cur"] = "currency", ["id"] = "id", ["ident"] = "id", ["pcs"] = "pieces", ["pc"] = "pieces",
        ["hrs"] = "hours", ["hr"] = "hours", ["e-mail"] = "email", ["mail"] = "email", ["vat#"] = "vat",
        ["incl"] = "including", ["excl"] = "excluding", ["w/o"] = "without", ["tva"] = "vat", ["mwst"] = "vat",
        ["ust"] = "vat", ["btw"] = "vat", ["iva"] = "vat", ["moms"] = "vat",
    };

    /// <summary>Lower case, accents removed, ß as ss; for comparing words across languages.</summary>
    /// <remarks>
    /// The build runs with invariant globalization, where Unicode normalisation leaves accented
    /// letters as they are; a table of the Latin letters documents use does the folding instead.
    /// </remarks>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? folded = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            string? replacement = c < 0x80 ? null : Accents.TryGetValue(c, out var plain) ? plain : CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark ? string.Empty : null;
            if (replacement is null && c == text[i])
            {
                folded?.Append(c);
                continue;
            }

            folded ??= new StringBuilder(text.Length + 4).Append(text, 0, i);
            folded.Append(replacement ?? c.ToString());
        }

        return folded?.ToString() ?? text;
    }

    private static readonly Dictionary<char, string> Accents = BuildAccents();

    private static Dictionary<char, string> BuildAccents()
    {
        var map = new Dictionary<char, string>();
        void Add(string letters, string plain)
        {
            foreach (var letter in letters)
            {
                map[letter] = plain;
            }
        }

        Add("àáâãäåāăą", "a");
        Add("çćĉċč", "c");
        Add("ďđ", "d");
        Add("èéêëēĕėęě", "e");
        Add("ĝğġģ", "g");
        Add("ĥħ", "h");
        Add("ìíîïĩīĭįı", "i");
        Add("ĵ", "j");
        Add("ķ", "k");
        Add("ĺļľŀł", "l");
        Add("ñńņňŉ", "n");
        Add("òóôõöøōŏő", "o");
        Add("ŕŗř", "r");
        Add("śŝşš", "s");
        Add("ţťŧ", "t");
        Add("ùúûüũūŭůűų", "u");
        Add("ŵ", "w");
        Add("ýÿŷ", "y");
        Add("źżž", "z");
        Add("ß", "ss");
        Add("æ", "ae");
        Add("œ", "oe");
        Add("þ", "th");
        Add("ð", "d");
        Add("ºª", string.Empty);
        return map;
    }

    /// <summary>
    /// Words of <paramref name="text"/>: runs of letters or digits, and <c>#</c> on its own;
    /// each folded and made canonical. Offsets refer to <paramref name="text"/>.
    /// </summary>
    public static List<Token> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '#' or '№')
            {
                tokens.Add(new Token("number", i, i + 1));
                i++;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var start = i;
            var digits = char.IsDigit(c);
            while (i < text.Length && char.IsLetterOrDigit(text[i]) && char.IsDigit(text[i]) == digits)
            {
                i++;
            }

            // "n°" and "nº" are "number".
            var word = Fold(text[start..i]);
            if (word == "n" && i < text.Length && text[i] is '°' or 'º')
            {
                i++;
            }

            tokens.Add(new Token(Canonical(word), start, i));
        }

        return Merge(tokens);
    }

    /// <summary>The canonical words of a text, without offsets.</summary>
    public static List<string> Words(string text) => Split(text).Select(t => t.Text).ToList();

    /// <summary>Words of an identifier such as <c>invoice_number</c>, <c>dueDate</c> or <c>PO-Number</c>.</summary>
    public static List<string> IdentifierWords(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var spaced = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                spaced.Append(' ');
            }

            spaced.Append(c is '_' or '-' or '.' ? ' ' : c);
        }

        return Words(spaced.ToString());
    }

    private static string Canonical(string word) => s_canonical.TryGetValue(word, out var canonical) ? canonical : word;

    /// <summary>Joins words that labels write apart or together: "sub total" is "subtotal", "e mail" is "email".</summary>
    private static List<Token> Merge(List<Token> tokens)
    {
        for (var i = tokens.Count - 2; i >= 0; i--)
        {
            var pair = tokens[i].Text + " " + tokens[i + 1].Text;
            var merged = pair switch
            {
                "sub total" => "subtotal",
                "e email" => "email",
                "zwischen summe" => "zwischensumme",
                _ => null,
            };
            if (merged is not null)
            {
                tokens[i] = new Token(merged, tokens[i].Start, tokens[i + 1].End);
                tokens.RemoveAt(i + 1);
            }
        }

        return tokens;
    }
}
