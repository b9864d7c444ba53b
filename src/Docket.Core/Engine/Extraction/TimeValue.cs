using System.Globalization;
using System.Text.RegularExpressions;

namespace Docket.Engine.Extraction;

/// <summary>A time of day found in text, and where.</summary>
internal readonly record struct TimeMatch(TimeOnly Time, int Start, int End, bool HasSeconds);

/// <summary>Times of day as receipts and statements print them: 18:30, 5:12 PM, 18h30, 6.30 pm.</summary>
internal static partial class TimeValue
{
    public static List<TimeMatch> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<TimeMatch>();
        foreach (Match m in Clock().Matches(text))
        {
            var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            var meridiem = m.Groups["ap"].Success ? char.ToLowerInvariant(m.Groups["ap"].Value[0]) : '\0';
            if (m.Groups["sep"].Value == "." && meridiem == '\0' || !m.Groups["m"].Success && meridiem == '\0')
            {
                // "13.58" is a price and "5" a number unless am/pm says they are times.
                continue;
            }

            if (meridiem != '\0')
            {
                if (hour is < 1 or > 12)
                {
                    continue;
                }

                hour = hour % 12 + (meridiem == 'p' ? 12 : 0);
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                continue;
            }

            found.Add(new TimeMatch(new TimeOnly(hour, minute, second), m.Index, m.Index + m.Length, m.Groups["s"].Success));
        }

        return found;
    }

    public static string Format(TimeOnly time, bool seconds) =>
        time.ToString(seconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![\d.,:])(?<h>\d{1,2})(?:\s?(?<sep>[:h.])\s?(?<m>\d{2})(?::(?<s>\d{2}))?)?(?:\s?(?<ap>[aApP])\.?\s?[mM]\.?(?![\p{L}]))?(?![\d,]|\.\d)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Clock();
}
