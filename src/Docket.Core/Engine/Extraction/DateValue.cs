using System.Globalization;
using System.Text.RegularExpressions;

namespace Docket.Engine.Extraction;

/// <summary>What a document tells about reading its dates: day or month first, and the year of yearless dates.</summary>
internal sealed record DateContext(bool DayFirst, int? Year)
{
    public static DateContext Default { get; } = new(true, null);
}

/// <summary>A date found in text, and where.</summary>
internal readonly record struct DateMatch(DateOnly Date, int Start, int End, bool HasYear);

/// <summary>
/// Finds calendar dates in text in the forms documents print them: ISO, numeric with dots,
/// slashes or dashes (day or month first), and with month names or abbreviations in English,
/// German, French, Spanish, Italian, Dutch, Portuguese and the Scandinavian languages.
/// </summary>
internal static partial class DateValue
{
    private static readonly Dictionary<string, int> s_months = BuildMonths();

    // Words that may sit between the parts of a written date: "4 de marzo de 2025", "the 4th of May".
    private static readonly HashSet<string> s_fillers = new(StringComparer.Ordinal) { "de", "del", "of", "the", "den", "le", "di" };

    /// <summary>The month a word names (any supported language, folded), or 0.</summary>
    public static int Month(string word) => s_months.TryGetValue(Tokens.Fold(word).TrimEnd('.'), out var month) ? month : 0;

    public static bool TryParse(string text, DateContext context, out DateOnly date, bool allowYearless = false)
    {
        var found = FindAll(text, context, allowYearless).FirstOrDefault();
        date = found.Date;
        return found.End > 0;
    }

    /// <summary>Every date in <paramref name="text"/>, left to right, without overlaps.</summary>
    public static List<DateMatch> FindAll(string text, DateContext context, bool allowYearless = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var found = new List<DateMatch>();

        // Every form of date has a number in it (a day, a month or a year); most cells have none.
        if (!text.Any(char.IsDigit))
        {
            return found;
        }

        foreach (Match m in IsoDate().Matches(text))
        {
            Add(found, Make(Int(m, 1), Int(m, 2), Int(m, 3)), m.Index, m.Index + m.Length, true);
        }

        foreach (Match m in DottedDate().Matches(text))
        {
            Add(found, Make(Year(Int(m, 3)), Int(m, 2), Int(m, 1)), m.Index, m.Index + m.Length, true);
        }

        foreach (Match m in SlashedDate().Matches(text))
        {
            int a = Int(m, 1), b = Int(m, 2), y = Year(Int(m, 3));
            var dayFirst = a > 12 || (b <= 12 && context.DayFirst);
            Add(found, dayFirst ? Make(y, b, a) : Make(y, a, b), m.Index, m.Index + m.Length, true);
        }

        FindWritten(text, context, allowYearless, found);

        if (allowYearless && context.Year is { } year)
        {
            foreach (Match m in YearlessNumericDate().Matches(text))
            {
                int a = Int(m, 1), b = Int(m, 3);
                var dayFirst = m.Groups[2].Value == "." || a > 12 || (b <= 12 && context.DayFirst);
                Add(found, dayFirst ? Make(year, b, a) : Make(year, a, b), m.Index, m.Index + m.Length, false);
            }
        }

        return found.OrderBy(f => f.Start).ToList();
    }

    /// <summary>The day order a document uses, from its unambiguous numeric dates; null when nothing tells.</summary>
    public static bool? DetectDayFirst(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int dayFirst = 0, monthFirst = 0;
        foreach (var text in texts.Where(t => t.Any(char.IsDigit)))
        {
            dayFirst += DottedDate().Count(text);
            foreach (Match m in SlashedDate().Matches(text))
            {
                if (Int(m, 1) > 12)
                {
                    dayFirst++;
                }
                else if (Int(m, 2) > 12)
                {
                    monthFirst++;
                }
            }
        }

        return dayFirst == monthFirst ? null : dayFirst > monthFirst;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void FindWritten(string text, DateContext context, bool allowYearless, List<DateMatch> found)
    {
        var parts = new List<(string Text, int Start, int End, bool Number)>();
        foreach (Match m in DatePart().Matches(text))
        {
            var isNumber = char.IsAsciiDigit(m.Value[0]);
            var value = isNumber ? m.Groups["n"].Value : Tokens.Fold(m.Value).TrimEnd('.');
            if (!isNumber && s_fillers.Contains(value))
            {
                continue;
            }

            parts.Add((value, m.Index, m.Index + m.Length, isNumber));
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Number || !s_months.TryGetValue(parts[i].Text, out var month))
            {
                continue;
            }

            var before = i > 0 && parts[i - 1].Number && Adjacent(text, parts[i - 1].End, parts[i].Start) ? parts[i - 1] : default;
            var after = i + 1 < parts.Count && parts[i + 1].Number && Adjacent(text, parts[i].End, parts[i + 1].Start) ? parts[i + 1] : default;
            var after2 = after.Text is not null && i + 2 < parts.Count && parts[i + 2].Number && Adjacent(text, parts[i + 1].End, parts[i + 2].Start) ? parts[i + 2] : default;

            // 4 March 2025 / 4-Mar-25
            if (before.Text is { Length: <= 2 } && after.Text is { Length: 4 or 2 } && (after.Text.Length == 4 || text[parts[i].End..after.Start].Contains('-', StringComparison.Ordinal) || after2.Text is null))
            {
                if (Add(found, Make(Year(int.Parse(after.Text, CultureInfo.InvariantCulture)), month, int.Parse(before.Text, CultureInfo.InvariantCulture)), before.Start, after.End, true))
                {
                    continue;
                }
            }

            // March 4, 2025 (a two-digit year only after a space or a comma: "March 1 - 31" is a range)
            if (after.Text is { Length: <= 2 } && (after2.Text is { Length: 4 } || after2.Text is { Length: 2 } && !text[after.End..after2.Start].Contains('-', StringComparison.Ordinal)))
            {
                if (Add(found, Make(Year(int.Parse(after2.Text, CultureInfo.InvariantCulture)), month, int.Parse(after.Text, CultureInfo.InvariantCulture)), parts[i].Start, after2.End, true))
                {
                    continue;
                }
            }

            // 2025 March 4
            if (before.Text is { Length: 4 } && after.Text is { Length: <= 2 })
            {
                if (Add(found, Make(int.Parse(before.Text, CultureInfo.InvariantCulture), month, int.Parse(after.Text, CultureInfo.InvariantCulture)), before.Start, after.End, true))
                {
                    continue;
                }
            }

            if (!allowYearless || context.Year is not { } year)
            {
                continue;
            }

            // 4 Mar / Mar 4, in a statement whose year is known.
            if (before.Text is { Length: <= 2 })
            {
                Add(found, Make(year, month, int.Parse(before.Text, CultureInfo.InvariantCulture)), before.Start, parts[i].End, false);
            }
            else if (after.Text is { Length: <= 2 })
            {
                Add(found, Make(year, month, int.Parse(after.Text, CultureInfo.InvariantCulture)), parts[i].Start, after.End, false);
            }
        }
    }

    /// <summary>Only spaces, commas, dots, dashes and slashes between two parts of one date.</summary>
    private static bool Adjacent(string text, int end, int start)
    {
        if (start - end > 6)
        {
            return false;
        }

        for (var i = end; i < start; i++)
        {
            if (text[i] is not (' ' or ',' or '.' or '-' or '/' or '\u00A0'))
            {
                // Filler words ("de") were dropped from the parts; allow their letters too.
                var between = Tokens.Fold(text[end..start]).Trim(' ', ',', '.', '-');
                return s_fillers.Contains(between);
            }
        }

        return true;
    }

    private static bool Add(List<DateMatch> found, DateOnly? date, int start, int end, bool hasYear)
    {
        if (date is not { } d || found.Any(f => f.Start < end && start < f.End))
        {
            return false;
        }

        found.Add(new DateMatch(d, start, end, hasYear));
        return true;
    }

    private static DateOnly? Make(int year, int month, int day) =>
        year is >= 1900 and <= 2199 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static int Year(int year) => year switch
    {
        < 70 => 2000 + year,
        < 100 => 1900 + year,
        _ => year,
    };

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "januar", "janner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "janeiro"],
            ["february", "feb", "febr", "februar", "fevrier", "fevr", "fev", "febrero", "febbraio", "februari", "fevereiro"],
            ["march", "mar", "marz", "mrz", "mars", "marzo", "maart", "mrt", "marco"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
            ["may", "mai", "mayo", "maggio", "mag", "mei", "maio", "maj"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"],
            ["august", "aug", "aout", "agosto", "ago", "augustus", "augusti"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro"],
            ["october", "oct", "okt", "oktober", "octobre", "octubre", "ottobre", "ott", "outubro"],
            ["november", "nov", "novembre", "noviembre", "novembro"],
            ["december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre", "dezembro"],
        ];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < names.Length; m++)
        {
            foreach (var name in names[m])
            {
                months[name] = m + 1;
            }
        }

        return months;
    }

    [GeneratedRegex(@"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d.]*\d)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex DottedDate();

    [GeneratedRegex(@"(?<![\d/-])(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?![\d/-])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex SlashedDate();

    [GeneratedRegex(@"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\.?(?![\d.,/]*\d)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex YearlessNumericDate();

    [GeneratedRegex(@"(?<n>\d{1,4})(?:st|nd|rd|th|er|e|º|°)?\.?(?!\d)|\p{L}+\.?", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex DatePart();
}
