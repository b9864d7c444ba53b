using System.Text.RegularExpressions;

namespace Docket.Engine.Extraction;

/// <summary>What one line of a name-and-address block is.</summary>
internal enum AddressLineKind
{
    /// <summary>A street, a unit or anything else that may be part of an address.</summary>
    Street,

    /// <summary>A line with a postal code: the city line, usually the last but the country.</summary>
    City,

    Country,

    /// <summary>A labelled line (Attn:, Contact:, VAT No.) that is not part of the address.</summary>
    Label,

    /// <summary>A phone number, e-mail address or web address: the address has ended.</summary>
    Contact,

    /// <summary>Words only, no digits: a name or a department.</summary>
    Words,
}

/// <summary>
/// Recognises the lines of postal addresses (street, postal code and city, country) as printed
/// in Europe, North America and Australia, and the lines that end an address block.
/// </summary>
internal static partial class AddressLines
{
    private static readonly HashSet<string> s_countries = new(StringComparer.Ordinal)
    {
        "united states", "united states of america", "usa", "us", "u s a", "united kingdom", "uk", "great britain", "england", "scotland",
        "wales", "northern ireland", "ireland", "canada", "australia", "new zealand", "germany", "deutschland", "austria", "osterreich",
        "switzerland", "schweiz", "suisse", "svizzera", "france", "belgium", "belgique", "belgie", "netherlands", "the netherlands",
        "nederland", "luxembourg", "spain", "espana", "portugal", "italy", "italia", "denmark", "danmark", "sweden", "sverige", "norway",
        "norge", "finland", "suomi", "iceland", "poland", "polska", "czech republic", "czechia", "slovakia", "hungary", "romania",
        "bulgaria", "greece", "croatia", "slovenia", "estonia", "latvia", "lithuania", "japan", "china", "india", "singapore", "hong kong",
        "south africa", "mexico", "brazil", "argentina", "chile", "united arab emirates", "uae", "israel", "turkey", "south korea",
    };

    private static readonly HashSet<string> s_streetWords = new(StringComparer.Ordinal)
    {
        "street", "st", "road", "rd", "avenue", "ave", "av", "boulevard", "blvd", "lane", "ln", "way", "place", "pl", "close", "court", "ct",
        "parkway", "pkwy", "drive", "dr", "crescent", "cres", "row", "gardens", "square", "sq", "terrace", "hill", "park", "walk", "highway",
        "hwy", "circle", "alley", "plaza", "quay", "wharf", "rue", "via", "calle", "strasse", "str", "weg", "gasse", "platz", "allee", "ring",
        "laan", "straat", "gracht", "plein", "kade", "dijk", "vej", "gatan", "gata", "chemin", "route", "piazza", "corso", "viale", "markt",
    };

    private static readonly HashSet<string> s_unitWords = new(StringComparer.Ordinal)
    {
        "suite", "ste", "unit", "apt", "apartment", "floor", "fl", "building", "bldg", "room", "rm", "flat", "po", "box", "postfach", "c o",
    };

    private static readonly HashSet<string> s_legalForms = new(StringComparer.Ordinal)
    {
        "ltd", "limited", "inc", "llc", "llp", "plc", "corp", "co", "gmbh", "ag", "kg", "ug", "haftungsbeschrankt", "sarl", "sas", "sa", "bv",
        "nv", "spa", "srl", "oy", "ab", "as", "aps", "pty", "lp", "company", "group",
    };

    public static bool IsCountry(string text) => s_countries.Contains(string.Join(' ', Tokens.Words(text)));

    public static AddressLineKind Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (IsContact(trimmed))
        {
            return AddressLineKind.Contact;
        }

        if (IsCountry(trimmed))
        {
            return AddressLineKind.Country;
        }

        if (IsLabelled(trimmed))
        {
            return AddressLineKind.Label;
        }

        var words = Tokens.Words(trimmed);
        if (!trimmed.Any(char.IsDigit))
        {
            return AddressLineKind.Words;
        }

        var streety = words.Any(w => s_streetWords.Contains(w) || w.EndsWith("strasse", StringComparison.Ordinal) || w.EndsWith("straat", StringComparison.Ordinal) || w.EndsWith("weg", StringComparison.Ordinal) || w.EndsWith("gasse", StringComparison.Ordinal) || w.EndsWith("laan", StringComparison.Ordinal) || w.EndsWith("gracht", StringComparison.Ordinal));
        var unit = words.Count > 0 && s_unitWords.Contains(words[0]);
        if (!streety && !unit && HasPostalCode(trimmed))
        {
            return AddressLineKind.City;
        }

        return AddressLineKind.Street;
    }

    /// <summary>Whether the line is only a company-form continuation of a name: "(haftungsbeschränkt)", "GmbH &amp; Co. KG".</summary>
    public static bool ContinuesName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('(') && !trimmed.Any(char.IsDigit))
        {
            return true;
        }

        var words = Tokens.Words(trimmed);
        return words.Count > 0 && words.All(w => s_legalForms.Contains(w));
    }

    /// <summary>A phone number, e-mail or web address (the end of a postal address).</summary>
    public static bool IsContact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('@', StringComparison.Ordinal)
            || WebAddress().IsMatch(text)
            || PhoneLabel().IsMatch(text)
            || PhoneNumber().IsMatch(text.Trim());
    }

    /// <summary>"Label: value" or a leading identifier label such as "Vendor ID V579316" or "VAT Reg. No. GB1".</summary>
    public static bool IsLabelled(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < 40 && !char.IsDigit(text[colon - 1]))
        {
            return true;
        }

        return IdentifierLabel().IsMatch(text);
    }

    public static bool HasPostalCode(string text) =>
        UsZip().IsMatch(text) || CanadianPostcode().IsMatch(text) || UkPostcode().IsMatch(text) || AustralianPostcode().IsMatch(text)
        || EuropeanPostcode().IsMatch(text);

    [GeneratedRegex(@"(?i)\b(www\.|https?://)|\.(com|org|net|de|co\.uk|nl|fr|ch|ca|io)\b(?!\.)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"(?i)^\s*(tel|tel\.|phone|telephone|telefon|fax|mobile|mob|cell|t|f)\s*[.:]?\s*[+(]?\d", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex PhoneLabel();

    [GeneratedRegex(@"^(\+\d[\d\s().-]{6,}|\(\d{2,5}\)\s?[\d\s-]{5,}|\d{3}[-.\s]\d{3}[-.\s]\d{4})$", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"(?i)^\s*((vendor|supplier|customer|client|account|member|company|order|po|reg|registration|tax|vat|gst)[\s.]*(id|no|nr|number|#|reg|registration)\b|(tax|vat|gst|hst|ein|abn|uid|tin|attn|attention|contact|ref|reference|kvk|iban|bic|swift)\b)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex IdentifierLabel();

    [GeneratedRegex(@"\b[A-Z]{2}\s+\d{5}(-\d{4})?[.,;]?\s*$", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex UsZip();

    [GeneratedRegex(@"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d[.,;]?\s*$", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex CanadianPostcode();

    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}[.,;]?\s*$", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex UkPostcode();

    [GeneratedRegex(@"\b(VIC|NSW|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}[.,;]?\s*$", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex AustralianPostcode();

    [GeneratedRegex(@"^([A-Z]{1,2}-)?\d{4,5}(\s?[A-Z]{2})?\s+\p{L}", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex EuropeanPostcode();
}
