namespace Docket.Engine.Extraction;

/// <summary>
/// A party the schema asks for (vendor, customer, ship-to, bank, account holder, merchant): an
/// object with name and address fields, flat <c>x_name</c>/<c>x_address</c> fields, or one string
/// field that holds a name or a whole name-and-address block.
/// </summary>
internal sealed class PartySlot
{
    public required string Key { get; init; }

    /// <summary>The object field that holds the party, when it is one.</summary>
    public SchemaField? Object { get; init; }

    public SchemaField? NameField { get; init; }

    public SchemaField? AddressField { get; init; }

    /// <summary>A string field that takes the whole block: name and address lines joined.</summary>
    public SchemaField? BlockField { get; init; }

    /// <summary>Other leaves of the party object (tax id, phone, e-mail), found inside its block first.</summary>
    public IReadOnlyList<SchemaField> OtherFields { get; init; } = [];

    public required IReadOnlyList<Phrase> Labels { get; init; }

    /// <summary>Above zero when the party issues the document, so the letterhead is its own.</summary>
    public required double IssuerScore { get; init; }

    public IEnumerable<SchemaField> Fields => new[] { NameField, AddressField, BlockField }.OfType<SchemaField>().Concat(OtherFields);

    public override string ToString() => $"{Key} (issuer {IssuerScore})";

    /// <summary>The parties among an object's properties; the fields they take are left to the party search.</summary>
    public static List<PartySlot> Discover(SchemaField owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var slots = new List<PartySlot>();
        var taken = new HashSet<SchemaField>();
        foreach (var property in owner.Properties.Where(p => p.Kind == FieldKind.Object))
        {
            var leaves = property.Properties.Where(p => p.IsLeaf && p.Type == ValueType.Text).ToList();
            var name = leaves.FirstOrDefault(IsNameField);
            var address = leaves.FirstOrDefault(IsAddressField);
            if (name is null && address is null)
            {
                continue;
            }

            slots.Add(new PartySlot
            {
                Key = property.Name,
                Object = property,
                NameField = name,
                AddressField = address,
                OtherFields = property.Properties.Where(p => p.IsLeaf && p != name && p != address).ToList(),
                Labels = Lexicon.PartyLabels(property.NameWords, property.TitleWords),
                IssuerScore = ScoreIssuer(property.NameWords, property.TitleWords, property.DescriptionFolded),
            });
        }

        // Flat fields: merchant_name + merchant_address, bank_name, account_holder, ship_to.
        var strings = owner.Properties.Where(p => p.IsLeaf && p.Type == ValueType.Text).ToList();
        var prefixes = new List<(string Prefix, SchemaField Field, bool IsAddress)>();
        foreach (var field in strings)
        {
            var words = field.NameWords.ToList();
            if (words.Count >= 2 && words[^1] is "name" or "address" && Lexicon.GroupsOf(words[..^1], parties: true).Any())
            {
                prefixes.Add((string.Join(' ', words[..^1]), field, words[^1] == "address"));
            }
        }

        foreach (var group in prefixes.GroupBy(p => p.Prefix, StringComparer.Ordinal))
        {
            var name = group.FirstOrDefault(g => !g.IsAddress).Field;
            var address = group.FirstOrDefault(g => g.IsAddress).Field;
            var words = group.Key.Split(' ');
            var describing = name ?? address!;
            taken.UnionWith(group.Select(g => g.Field));
            slots.Add(new PartySlot
            {
                Key = group.Key,
                NameField = name,
                AddressField = address,
                Labels = Lexicon.PartyLabels(words, words),
                IssuerScore = ScoreIssuer(words, describing.TitleWords, describing.DescriptionFolded),
            });
        }

        foreach (var field in strings.Where(f => !taken.Contains(f)))
        {
            var groups = Lexicon.GroupsOf(field.NameWords, parties: true).Concat(Lexicon.GroupsOf(field.TitleWords, parties: true)).ToList();
            var isAddress = field.NameWords.Contains("address");
            if (groups.Count == 0 && !(isAddress && field.NameWords.Count > 1))
            {
                continue;
            }

            var block = isAddress || groups.Any(g => g is "ship to" or "bill to");
            var words = field.NameWords.Where(w => w != "address").ToList();
            slots.Add(new PartySlot
            {
                Key = field.Name,
                NameField = block ? null : field,
                BlockField = block ? field : null,
                Labels = Lexicon.PartyLabels(words, field.TitleWords),
                IssuerScore = ScoreIssuer(field.NameWords, field.TitleWords, field.DescriptionFolded),
            });
        }

        return slots;
    }

    private static bool IsNameField(SchemaField field)
    {
        var words = field.NameWords;
        return words.Contains("name") || words is ["company"] or ["business"] or ["organization"] or ["organisation"];
    }

    private static bool IsAddressField(SchemaField field) => field.NameWords.Contains("address");

    /// <summary>
    /// How surely a party issued the document: its description says so, or its name is one that
    /// issues documents (vendor, seller, merchant, bank); a party billed or shipped to is not.
    /// </summary>
    private static double ScoreIssuer(IReadOnlyList<string> nameWords, IReadOnlyList<string> titleWords, string description)
    {
        var score = 0.0;
        if (description.Contains("issu", StringComparison.Ordinal))
        {
            score += 3;
        }

        string[] issuers = ["vendor", "seller", "merchant", "store", "shop", "restaurant", "bank", "issuer", "sender", "company", "provider", "biller", "from"];
        string[] receivers = ["customer", "client", "recipient", "billed", "bill", "holder", "ship", "deliver", "delivery", "consignee", "to", "payer", "buyer", "supplier"];
        var words = nameWords.Concat(titleWords).ToList();
        if (words.Any(issuers.Contains))
        {
            score += 2;
        }

        if (words.Any(receivers.Contains))
        {
            score -= 2;
        }

        if (description.Contains("seller", StringComparison.Ordinal) || description.Contains("shop", StringComparison.Ordinal) || description.Contains("restaurant", StringComparison.Ordinal))
        {
            score += 1;
        }

        return score;
    }
}
