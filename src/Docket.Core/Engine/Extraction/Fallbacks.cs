using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Engine.Extraction;

/// <summary>
/// Values found without a label: the document's currency, the first date and time (a till
/// receipt prints them bare), a date range ("01.07.2024 – 31.07.2024"), a payment method named
/// by a card brand or "cash".
/// </summary>
internal static partial class Fallbacks
{
    private static readonly (string[] Words, string Name, int Rank)[] s_paymentMethods =
    [
        (["visa"], "Visa", 0), (["mastercard"], "Mastercard", 0), (["master", "card"], "Mastercard", 0), (["maestro"], "Maestro", 0),
        (["amex"], "American Express", 0), (["american", "express"], "American Express", 0), (["discover"], "Discover", 0),
        (["diners"], "Diners Club", 0), (["jcb"], "JCB", 0), (["unionpay"], "UnionPay", 0), (["apple", "pay"], "Apple Pay", 0),
        (["google", "pay"], "Google Pay", 0), (["samsung", "pay"], "Samsung Pay", 0), (["paypal"], "PayPal", 0), (["girocard"], "Girocard", 0),
        (["ec", "karte"], "EC card", 0), (["bancontact"], "Bancontact", 0), (["ideal"], "iDEAL", 0), (["twint"], "TWINT", 0),
        (["klarna"], "Klarna", 0), (["venmo"], "Venmo", 0), (["cash"], "Cash", 1), (["bar"], "Cash", 2), (["barzahlung"], "Cash", 1),
        (["especes"], "Cash", 1), (["contant"], "Cash", 1), (["efectivo"], "Cash", 1), (["debit", "card"], "Debit card", 1),
        (["credit", "card"], "Credit card", 1), (["bank", "transfer"], "Bank transfer", 2), (["wire", "transfer"], "Wire transfer", 2),
        (["direct", "debit"], "Direct debit", 2), (["cheque"], "Cheque", 2), (["check"], "Check", 3), (["contactless"], "Contactless", 3),
        (["card"], "Card", 4),
    ];

    private static readonly string[] s_rangeWords = ["to", "bis", "au", "through", "thru", "until", "till", "al", "tot", "a"];

    /// <summary>The payment method a document names anywhere: a card brand first, then cash, then generic words.</summary>
    public static ReadValue? PaymentMethod(DocModel doc, ISet<DocCell> excluded)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(excluded);
        (ReadValue Value, int Rank, int Order)? best = null;
        var order = 0;
        foreach (var cell in doc.Cells)
        {
            order++;
            if (excluded.Contains(cell))
            {
                continue;
            }

            var tokens = Tokens.Split(cell.Text);
            foreach (var (words, name, rank) in s_paymentMethods)
            {
                for (var i = 0; i + words.Length <= tokens.Count; i++)
                {
                    if (!words.Select((w, k) => tokens[i + k].Text == w).All(x => x))
                    {
                        continue;
                    }

                    // "Bar" and generic words count only on a short line, as a tender line prints them.
                    if (rank >= 2 && tokens.Count > 4)
                    {
                        continue;
                    }

                    if (best is null || rank < best.Value.Rank || rank == best.Value.Rank && order < best.Value.Order)
                    {
                        var span = new Span(cell, tokens[i].Start, tokens[i + words.Length - 1].End);
                        best = (new ReadValue(JsonValue.Create(name), span, rank == 0 ? 0.8 : 0.6), rank, order);
                    }
                }
            }
        }

        return best?.Value;
    }

    /// <summary>
    /// The payment method a labelled value names: "VISA **** 1234" is Visa, "Paid in cash" is
    /// Cash; a value that names none is kept as printed.
    /// </summary>
    public static ReadValue Canonical(ReadValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Value.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return value;
        }

        var tokens = Tokens.Words(value.Value.GetValue<string>());
        foreach (var (words, name, rank) in s_paymentMethods.OrderBy(m => m.Rank))
        {
            if (rank < 4 && Enumerable.Range(0, Math.Max(0, tokens.Count - words.Length + 1)).Any(i => words.Select((w, k) => tokens[i + k] == w).All(x => x)))
            {
                return value with { Value = JsonValue.Create(name) };
            }
        }

        return value;
    }

    /// <summary>The first date printed outside the given cells.</summary>
    public static ReadValue? FirstDate(DocModel doc, ISet<DocCell> excluded, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var cell in doc.Cells.Where(c => !excluded.Contains(c)))
        {
            foreach (var date in DateValue.FindAll(cell.Text, doc.Dates))
            {
                var iso = DateValue.Iso(date.Date);
                if (!taken.Contains(iso))
                {
                    return new ReadValue(JsonValue.Create(iso), new Span(cell, date.Start, date.End), 0.6);
                }
            }
        }

        return null;
    }

    /// <summary>The first time of day, preferring one on the line of <paramref name="near"/>.</summary>
    public static ReadValue? FirstTime(DocModel doc, ISet<DocCell> excluded, Span? near)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var cells = doc.Cells.Where(c => !excluded.Contains(c));
        if (near is { } n)
        {
            cells = n.Cell.Line.Cells.Concat(cells);
        }

        foreach (var cell in cells)
        {
            var time = TimeValue.FindAll(cell.Text).FirstOrDefault();
            if (time.End > 0)
            {
                return new ReadValue(JsonValue.Create(TimeValue.Format(time.Time, seconds: false)), new Span(cell, time.Start, time.End), 0.6);
            }
        }

        return null;
    }

    /// <summary>Two dates joined as a range in one span ("01.07.2024 – 31.07.2024", "Jan 10, 2024 to Feb 9, 2024").</summary>
    public static (DateMatch From, DateMatch To)? Range(Span span, DocModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        if (SharedMonthRange(span.Text) is { } shared)
        {
            return shared;
        }

        var dates = DateValue.FindAll(span.Text, doc.Dates);
        if (dates.Count != 2)
        {
            return null;
        }

        var between = Tokens.Fold(span.Text[dates[0].End..dates[1].Start]).Trim();
        var joined = between.Length == 0 || between.All(c => c is '-' or '–' or '—' or '/' or ' ') || s_rangeWords.Contains(between.Trim('-', ' '));
        return joined && dates[0].Date <= dates[1].Date ? (dates[0], dates[1]) : null;
    }

    /// <summary>"1 - 31 March 2025" or "March 1 - 31, 2025": a range whose first day borrows the month and year of the second.</summary>
    private static (DateMatch From, DateMatch To)? SharedMonthRange(string text)
    {
        foreach (var (match, dayFirst) in new[] { (DaysThenMonth().Match(text), true), (MonthThenDays().Match(text), false) })
        {
            if (!match.Success)
            {
                continue;
            }

            var month = DateValue.Month(match.Groups["month"].Value);
            var year = int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var first = int.Parse(match.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var last = int.Parse(match.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (month == 0 || year is < 1900 or > 2199 || first < 1 || first >= last || last > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var firstGroup = match.Groups["first"];
            var from = new DateMatch(new DateOnly(year, month, first), dayFirst ? firstGroup.Index : match.Index, firstGroup.Index + firstGroup.Length, true);
            var to = new DateMatch(new DateOnly(year, month, last), match.Groups["last"].Index, match.Index + match.Length, true);
            return (from, to);
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\d)(?<first>\d{1,2})\.?\s*(?:-|–|—|to|bis|au)\s*(?<last>\d{1,2})\.?\s+(?<month>\p{L}+)\.?\s+(?<year>\d{4})", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 2000)]
    private static partial System.Text.RegularExpressions.Regex DaysThenMonth();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<month>\p{L}+)\.?\s+(?<first>\d{1,2})\s*(?:-|–|—|to)\s*(?<last>\d{1,2}),?\s+(?<year>\d{4})", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 2000)]
    private static partial System.Text.RegularExpressions.Regex MonthThenDays();

    /// <summary>The first date range anywhere in the document.</summary>
    public static (Span Span, DateMatch From, DateMatch To)? FirstRange(DocModel doc, ISet<DocCell> excluded)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var cell in doc.Cells.Where(c => !excluded.Contains(c)))
        {
            foreach (var segment in FieldLocator.Segments(cell))
            {
                if (Range(segment, doc) is { } range)
                {
                    return (segment, range.From, range.To);
                }
            }
        }

        return null;
    }

    /// <summary>Whether a field is the start (-1) or the end (1) of a range, by its name ("period_start", "date_from"), else 0.</summary>
    public static int RangeSide(SchemaField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var words = field.NameWords;
        if (words.Count < 2)
        {
            return 0;
        }

        if (words.Any(w => w is "start" or "begin" or "beginning" or "from" or "first"))
        {
            return -1;
        }

        return words.Any(w => w is "end" or "ending" or "to" or "until" or "through" or "last") ? 1 : 0;
    }

    /// <summary>
    /// A pattern from the schema (user input). It runs on the non-backtracking engine, whose time
    /// is linear in the text, so no time limit is needed and the answer never depends on how busy
    /// the machine is. A pattern that engine cannot run (lookarounds, backreferences) gets a
    /// generous limit on the backtracking one; a pattern that is not a regex does not constrain.
    /// </summary>
    public static bool MatchesPattern(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            try
            {
                return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
