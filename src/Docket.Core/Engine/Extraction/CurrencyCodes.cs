namespace Docket.Engine.Extraction;

/// <summary>ISO 4217 codes from what documents print: codes, symbols and currency names.</summary>
internal static class CurrencyCodes
{
    // Codes that are also common English words (ALL, TOP, CUP, PEN, TRY, …) are left out: in a
    // description in capitals they would be read as a currency.
    private static readonly HashSet<string> s_codes = new(StringComparer.Ordinal)
    {
        "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "CNY", "RMB", "INR", "SEK", "NOK", "DKK", "ISK",
        "PLN", "CZK", "HUF", "RON", "BGN", "HRK", "RSD", "UAH", "RUB", "ZAR", "BRL", "MXN", "ARS", "CLP", "COP",
        "UYU", "SGD", "HKD", "TWD", "KRW", "THB", "MYR", "IDR", "PHP", "VND", "AED", "SAR", "QAR", "KWD", "BHD",
        "OMR", "ILS", "EGP", "NGN", "KES", "GHS", "MAD", "TND", "PKR", "BDT", "LKR",
    };

    // Longest first, so "US$" wins over "$".
    private static readonly (string Symbol, string? Code)[] s_symbols =
    [
        ("US$", "USD"), ("USD$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("AU$", "AUD"), ("A$", "AUD"), ("NZ$", "NZD"),
        ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"), ("MX$", "MXN"), ("zł", "PLN"), ("Kč", "CZK"), ("Fr.", "CHF"),
        ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW"), ("₺", null), ("₽", "RUB"), ("₪", "ILS"),
        ("₫", "VND"), ("₱", "PHP"), ("฿", "THB"), ("₦", "NGN"), ("$", "USD"),
    ];

    private static readonly (string[] Words, string Code)[] s_names =
    [
        (["canadian", "dollar"], "CAD"), (["australian", "dollar"], "AUD"), (["new", "zealand", "dollar"], "NZD"),
        (["hong", "kong", "dollar"], "HKD"), (["singapore", "dollar"], "SGD"), (["us", "dollar"], "USD"),
        (["swiss", "franc"], "CHF"), (["swiss", "francs"], "CHF"), (["franken"], "CHF"), (["pound", "sterling"], "GBP"),
        (["pounds", "sterling"], "GBP"), (["sterling"], "GBP"), (["british", "pound"], "GBP"), (["euro"], "EUR"),
        (["euros"], "EUR"), (["yen"], "JPY"), (["rupee"], "INR"), (["rupees"], "INR"), (["dollar"], "USD"),
        (["dollars"], "USD"), (["pound"], "GBP"), (["pounds"], "GBP"), (["yuan"], "CNY"), (["renminbi"], "CNY"),
        (["zloty"], "PLN"), (["rand"], "ZAR"),
    ];

    public static bool IsCode(string text) => s_codes.Contains(text);

    /// <summary>A word that is only a currency symbol, such as "€", "$" or "Fr.".</summary>
    public static bool IsSymbolWord(string text) => s_symbols.Any(s => s.Symbol == text || s.Symbol.TrimEnd('.') == text);

    /// <summary>The currency symbol that starts at <paramref name="index"/>, if any.</summary>
    public static string? SymbolAt(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (symbol, _) in s_symbols)
        {
            if (string.CompareOrdinal(text, index, symbol, 0, symbol.Length) == 0)
            {
                // "Fr." needs a word boundary before it; the others are symbols, never letters of a word.
                if (char.IsLetter(symbol[0]) && index > 0 && char.IsLetter(text[index - 1]))
                {
                    continue;
                }

                return symbol;
            }
        }

        return null;
    }

    /// <summary>The code a field value names: "CAD", "€", "Euro", "USD ($)".</summary>
    public static string? FromValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var word in text.Split([' ', '(', ')', ',', ';', '/', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            var upper = word.ToUpperInvariant();
            if (s_codes.Contains(upper) && (word == upper || text.Trim().Length == 3))
            {
                return upper;
            }
        }

        var words = Tokens.Words(text);
        foreach (var (names, code) in s_names)
        {
            if (ContainsRun(words, names))
            {
                return code;
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (SymbolAt(text, i) is { } symbol)
            {
                return s_symbols.First(s => s.Symbol == symbol).Code;
            }
        }

        return null;
    }

    /// <summary>
    /// The document's currency from everything it prints: codes count most, then unambiguous
    /// symbols, then the dollar sign (most often US dollars when nothing says otherwise).
    /// </summary>
    public static string? Detect(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var scores = new Dictionary<string, (double Score, int First)>(StringComparer.Ordinal);
        var position = 0;
        void Add(string code, double weight)
        {
            var current = scores.TryGetValue(code, out var found) ? found : (0, position);
            scores[code] = (current.Score + weight, current.First);
        }

        foreach (var text in texts)
        {
            position++;
            foreach (var word in text.Split([' ', '(', ')', ',', ';', ':', '/', '\t', '.'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (s_codes.Contains(word))
                {
                    Add(word, 3);
                }
            }

            for (var i = 0; i < text.Length; i++)
            {
                if (SymbolAt(text, i) is { } symbol)
                {
                    var code = s_symbols.First(s => s.Symbol == symbol).Code;
                    if (code is not null && symbol != "Fr.")
                    {
                        Add(code, symbol == "$" ? 0.5 : 1);
                    }

                    i += symbol.Length - 1;
                }
            }

            var words = Tokens.Words(text);
            foreach (var (names, code) in s_names)
            {
                if (names.Length > 1 && ContainsRun(words, names))
                {
                    Add(code, 2);
                }
            }
        }

        return scores.Count == 0
            ? null
            : scores.OrderByDescending(p => p.Value.Score).ThenBy(p => p.Value.First).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
    }

    private static bool ContainsRun(List<string> words, string[] run)
    {
        for (var i = 0; i + run.Length <= words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < run.Length && all; j++)
            {
                all = words[i + j].TrimEnd('s') == run[j].TrimEnd('s');
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
