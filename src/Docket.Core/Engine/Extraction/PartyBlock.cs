namespace Docket.Engine.Extraction;

/// <summary>
/// Lines that name a party and give its address, top to bottom: under a label ("Bill to",
/// "SUPPLIER"), at the top of the first page (the letterhead), or on their own (a window
/// address).
/// </summary>
internal sealed class PartyBlock
{
    public required IReadOnlyList<Span> Lines { get; init; }

    /// <summary>The label over or before the block; null for the letterhead and unlabelled blocks.</summary>
    public Span? Label { get; init; }

    public bool IsLetterhead { get; init; }

    public int Order => Lines.Count == 0 ? int.MaxValue : Lines[0].Cell.Line.Index;

    public IEnumerable<DocCell> Cells => Lines.Select(l => l.Cell).Distinct();

    /// <summary>The name: the first line unless that is already an address, and a company-form line after it.</summary>
    public (string Text, List<Span> Spans)? Name
    {
        get
        {
            var start = Lines.ToList().FindIndex(l => AddressLines.Classify(l.Text) is not AddressLineKind.Label);
            if (start < 0 || !IsNameLike(Lines[start].Text))
            {
                return null;
            }

            var spans = new List<Span> { Lines[start] };
            for (var i = start + 1; i < Lines.Count && AddressLines.ContinuesName(Lines[i].Text); i++)
            {
                spans.Add(Lines[i]);
            }

            return (string.Join(' ', spans.Select(s => s.Text.Trim())), spans);
        }
    }

    /// <summary>
    /// The address lines after the name: streets and units up to the line with the postal code,
    /// then a country if one follows. Labelled lines (Attn:, Contact:) are left out; a phone
    /// number, e-mail or web address ends the address.
    /// </summary>
    public List<Span> Address
    {
        get
        {
            var name = Name;
            var skip = name is null ? 0 : Lines.ToList().IndexOf(name.Value.Spans[^1]) + 1;
            return AddressAfter(Lines.Skip(skip));
        }
    }

    public static List<Span> AddressAfter(IEnumerable<Span> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var address = new List<Span>();
        var city = false;
        foreach (var line in lines)
        {
            var kind = AddressLines.Classify(line.Text);
            if (kind == AddressLineKind.Contact)
            {
                break;
            }

            if (city)
            {
                if (kind == AddressLineKind.Country)
                {
                    address.Add(line);
                }

                break;
            }

            switch (kind)
            {
                case AddressLineKind.Label:
                    continue;
                case AddressLineKind.Words when address.Count == 0:
                    // A department or contact name before the street is not part of the address.
                    continue;
                case AddressLineKind.City:
                    city = true;
                    address.Add(line);
                    break;
                case AddressLineKind.Country:
                    address.Add(line);
                    return address;
                default:
                    address.Add(line);
                    break;
            }

            if (address.Count >= 6)
            {
                break;
            }
        }

        // Lines without an address pattern after the last street line are names, not address.
        while (address.Count > 0 && AddressLines.Classify(address[^1].Text) == AddressLineKind.Words)
        {
            address.RemoveAt(address.Count - 1);
        }

        return address;
    }

    /// <summary>Could this text be the name of a company or person (not a label, contact, amount or date)?</summary>
    public static bool IsNameLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var letters = trimmed.Count(char.IsLetter);
        if (letters < 2 || letters < trimmed.Count(char.IsDigit))
        {
            return false;
        }

        var kind = AddressLines.Classify(trimmed);
        return kind is AddressLineKind.Words or AddressLineKind.Street && !char.IsDigit(trimmed[0]) && !AddressLines.HasPostalCode(trimmed);
    }

    public override string ToString() => (Label is { } l ? $"[{l.Text}] " : IsLetterhead ? "[letterhead] " : "[-] ") + string.Join(" / ", Lines.Select(s => s.Text));
}
