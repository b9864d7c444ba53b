namespace Docket.Engine.Extraction;

/// <summary>A label wording: its canonical words and how strongly it names the field (1 = exactly).</summary>
internal sealed record Phrase(IReadOnlyList<string> Words, double Weight)
{
    public override string ToString() => $"{string.Join(' ', Words)}@{Weight}";
}

/// <summary>
/// The synonym table: groups of label wordings that documents use for one thing, in English and
/// the common European languages. A field takes the wordings of every group its name or title
/// belongs to; "~" marks a weaker wording (it often names something else too).
/// </summary>
internal static class Lexicon
{
    public const double Weak = 0.6;

    private static readonly (string Key, string[] Phrases)[] s_fields =
    [
        ("invoice number", ["invoice number", "invoice id", "bill number", "~invoice", "~number", "~document number", "~reference", "rechnungsnummer", "rechnung number", "facture number", "numero de facture", "factuurnummer", "factura number", "~tax invoice number"]),
        ("po number", ["po number", "purchase order number", "order number", "purchase order", "po", "~order", "~number", "~reference", "bestellnummer", "bestellung number", "commande number", "bestelnummer", "~order id"]),
        ("order number", ["order number", "order id", "~order", "~number", "~reference", "bestellnummer"]),
        ("receipt number", ["receipt number", "receipt", "transaction number", "~number", "bon number", "beleg number", "~ticket"]),
        ("reference", ["reference", "reference number", "your reference", "our reference", "~number"]),
        ("date", ["date", "~dated", "datum", "fecha", "data", "~issued", "~order date", "~purchase date", "~transaction date"]),
        ("invoice date", ["invoice date", "issue date", "date of issue", "issued", "date issued", "billing date", "~date", "~dated", "rechnungsdatum", "date de facture", "factuurdatum", "fecha de factura", "~datum", "~tax date", "~invoice"]),
        ("due date", ["due date", "payment due", "due", "pay by", "payable by", "due by", "payment date", "fällig", "fälligkeitsdatum", "zahlbar bis", "echeance", "date d echeance", "vervaldatum", "fecha de vencimiento", "~payable"]),
        ("order date", ["order date", "date ordered", "po date", "purchase order date", "~date", "bestelldatum", "date de commande", "~issue date"]),
        ("delivery date", ["delivery date", "delivery by", "deliver by", "required by", "requested delivery", "requested delivery date", "ship date", "shipping date", "need by", "needed by", "expected delivery", "lieferdatum", "liefertermin", "date de livraison", "leverdatum", "~delivery", "~ship by", "~due date"]),
        ("total", ["total", "amount due", "total due", "balance due", "grand total", "total amount", "amount payable", "total payable", "invoice total", "order total", "total to pay", "to pay", "total amount due", "gesamtbetrag", "gesamtsumme", "summe", "endbetrag", "rechnungsbetrag", "total ttc", "montant total", "totaal", "te betalen", "importe total", "totale", "~amount", "~balance"]),
        ("subtotal", ["subtotal", "net total", "net amount", "total net", "total before tax", "amount before tax", "total excluding tax", "total excl tax", "~sum", "~net", "zwischensumme", "nettobetrag", "netto", "sous total", "total ht", "montant ht", "subtotaal", "totaal excl", "base imponible", "imponibile", "~goods total", "~items total"]),
        ("tax", ["tax", "vat", "gst", "hst", "pst", "qst", "sales tax", "tax amount", "total tax", "vat amount", "gst amount", "steuer", "umsatzsteuer", "mehrwertsteuer", "taxe", "impuesto", "imposta", "~tax total"]),
        ("currency", ["currency", "currency code", "währung", "devise", "valuta", "moneda", "~amounts in", "~all amounts in", "~prices in"]),
        ("payment terms", ["payment terms", "terms", "terms of payment", "payment condition", "payment conditions", "zahlungsbedingungen", "zahlungsziel", "conditions de paiement", "betalingsvoorwaarden", "condiciones de pago", "~payment"]),
        ("payment method", ["payment method", "paid by", "payment type", "method of payment", "payment mode", "paid with", "tender", "zahlungsart", "bezahlt mit", "mode de paiement", "betaalwijze", "forma de pago", "~payment", "~card type", "~paid"]),
        ("tax id", ["tax id", "tax number", "tax identification number", "vat number", "vat id", "vat reg number", "vat registration number", "vat registration", "vat reg", "gst number", "gst hst number", "hst number", "gst registration number", "ein", "fein", "tin", "uid", "uid number", "abn", "acn", "ust id", "ust idnr", "vat idnr", "steuernummer", "siret", "siren", "tva intracommunautaire", "company tax id", "federal tax id", "employer identification number", "tax reg number", "tax registration number", "nif", "cif", "partita iva", "kvk", "~vat", "~gst"]),
        ("account number", ["account number", "account", "iban", "kontonummer", "konto", "numero de compte", "rekeningnummer", "account id", "~card number"]),
        ("account holder", ["account holder", "account name", "account owner", "holder", "kontoinhaber", "titulaire", "rekeninghouder", "~name", "~customer"]),
        ("opening balance", ["opening balance", "beginning balance", "starting balance", "start balance", "previous balance", "balance brought forward", "brought forward", "balance forward", "opening", "~balance b f", "anfangssaldo", "alter saldo", "saldo alt", "solde initial", "solde precedent", "beginsaldo", "saldo inicial", "saldo iniziale"]),
        ("closing balance", ["closing balance", "ending balance", "end balance", "new balance", "final balance", "balance carried forward", "carried forward", "closing", "~current balance", "~balance c f", "endsaldo", "neuer saldo", "saldo neu", "solde final", "nouveau solde", "eindsaldo", "saldo final", "saldo finale"]),
        ("statement period", ["statement period", "period", "billing period", "statement dates", "for the period", "period covered", "zeitraum", "abrechnungszeitraum", "periode", "periodo"]),
        ("phone", ["phone", "phone number", "mobile", "cell", "telefon", "~contact"]),
        ("email", ["email", "email address", "e mail"]),
        ("iban", ["iban"]),
        ("bic", ["bic", "swift", "swift code", "bic swift"]),
        ("discount", ["discount", "rebate", "rabatt", "remise", "korting", "descuento"]),
        ("shipping", ["shipping", "shipping cost", "delivery charge", "freight", "postage", "versand", "versandkosten", "frais de port", "verzendkosten", "envio"]),
        ("tip", ["tip", "gratuity", "trinkgeld", "pourboire", "fooi", "propina"]),
    ];

    private static readonly (string Key, string[] Phrases)[] s_parties =
    [
        ("vendor", ["vendor", "seller", "supplier", "from", "issuer", "provider", "sold by", "bill from", "remit to", "payee", "company", "lieferant", "verkäufer", "rechnungssteller", "fournisseur", "emetteur", "leverancier", "proveedor", "fornitore"]),
        ("customer", ["customer", "client", "bill to", "billed to", "invoice to", "invoiced to", "sold to", "buyer", "~to", "recipient", "purchaser", "billing address", "bill to address", "kunde", "rechnungsempfänger", "rechnungsadresse", "destinataire", "facture a", "klant", "cliente", "~attention"]),
        ("buyer", ["buyer", "purchaser", "ordered by", "orderer", "bill to", "invoice to", "invoice address", "billing address", "~customer", "~client", "käufer", "besteller", "auftraggeber", "acheteur", "koper", "comprador"]),
        ("supplier", ["supplier", "vendor", "seller", "~to", "lieferant", "fournisseur", "leverancier", "proveedor", "fornitore", "~sold by"]),
        ("ship to", ["ship to", "deliver to", "delivery address", "shipping address", "ship to address", "delivery to", "consignee", "shipped to", "delivery location", "delivery point", "lieferadresse", "lieferanschrift", "adresse de livraison", "afleveradres", "direccion de entrega", "~delivery", "~deliver"]),
        ("bill to", ["bill to", "billed to", "billing address", "invoice to", "invoice address", "rechnungsadresse", "adresse de facturation"]),
        ("merchant", ["merchant", "store", "shop", "seller", "restaurant", "retailer", "~company"]),
        ("account holder", ["account holder", "account name", "account owner", "holder", "kontoinhaber", "titulaire", "~customer", "~name"]),
        ("bank", ["bank", "bank name", "~institution"]),
    ];

    private static readonly (string Key, string[] Phrases)[] s_columns =
    [
        ("description", ["description", "item", "items", "article", "product", "details", "transaction details", "particulars", "service", "services", "item description", "product description", "designation", "bezeichnung", "artikel", "beschreibung", "leistung", "libelle", "omschrijving", "descripcion", "descrizione", "text", "name", "item name", "product name", "memo", "narrative", "transaction", "payee", "goods", "~reference"]),
        ("quantity", ["quantity", "units", "hours", "pieces", "count", "anzahl", "aantal", "cantidad", "quantita", "nos", "~qty ordered", "~ordered"]),
        ("unit price", ["unit price", "price", "rate", "unit cost", "each", "price per unit", "unit amount", "price each", "hourly rate", "net price", "einzelpreis", "preis", "stückpreis", "prix unitaire", "prix", "prijs", "precio", "prezzo", "~unit", "~cost"]),
        ("amount", ["amount", "total", "line total", "net amount", "value", "betrag", "gesamt", "gesamtpreis", "montant", "bedrag", "importe", "importo", "ext price", "extended price", "total price", "line amount", "sum", "~subtotal", "~net"]),
        ("sku", ["sku", "item number", "item code", "code", "part number", "product code", "article number", "artikelnummer", "art number", "catalog number", "model", "item id", "product id", "part", "ref", "reference", "material", "~item"]),
        ("date", ["date", "posting date", "booking date", "value date", "transaction date", "txn date", "trans date", "datum", "buchungstag", "buchungsdatum", "valuta", "wertstellung", "fecha", "date operation", "~day"]),
        ("balance", ["balance", "running balance", "saldo", "solde", "new balance", "kontostand"]),
        ("debit", ["debit", "debits", "withdrawal", "withdrawals", "money out", "paid out", "payments", "out", "charges", "soll", "lastschrift", "ausgang", "debit amount", "withdrawn", "belastung", "afschrijving", "cargo"]),
        ("credit", ["credit", "credits", "deposit", "deposits", "money in", "paid in", "receipts", "in", "haben", "gutschrift", "eingang", "credit amount", "deposited", "bijschrijving", "abono"]),
        ("tax", ["tax", "vat", "gst", "tax rate", "vat rate", "vat percent", "tax percent"]),
        ("position", ["pos", "position", "line", "number", "nr", "lfd number"]),
        ("unit", ["unit", "uom", "unit of measure", "einheit", "unite", "eenheid"]),
    ];

    private static readonly HashSet<string> s_stopwords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "on", "for", "at", "by", "our", "your", "please", "plus", "less", "incl",
        "including", "excl", "and", "with", "der", "die", "das", "le", "la", "les", "du", "des", "de", "el", "il", "het", "van",
        "en", "y", "et", "und", "per", "all", "is", "are", "this", "that", "you", "we", "any",
    };

    private static readonly List<(string Key, Phrase[] Phrases)> s_fieldGroups = Build(s_fields);
    private static readonly List<(string Key, Phrase[] Phrases)> s_partyGroups = Build(s_parties);
    private static readonly List<(string Key, Phrase[] Phrases)> s_columnGroups = Build(s_columns);
    private static readonly Phrase[] s_allLabelPhrases = [.. s_fieldGroups.Concat(s_partyGroups).SelectMany(g => g.Phrases).Where(p => p.Weight >= 1)];

    /// <summary>The column concepts (description, quantity, unit price, amount, …) with their wordings.</summary>
    public static IReadOnlyList<(string Key, Phrase[] Phrases)> Columns => s_columnGroups;

    /// <summary>Label wordings for a scalar field: its name, its title, and the synonym groups either belongs to.</summary>
    public static List<Phrase> FieldLabels(SchemaField field) => Labels(field, s_fieldGroups);

    /// <summary>Label wordings for a party (a block of name and address): vendor, customer, ship to, …</summary>
    public static List<Phrase> PartyLabels(IReadOnlyList<string> nameWords, IReadOnlyList<string> titleWords) =>
        Labels(nameWords, titleWords, s_partyGroups, includeHead: false);

    /// <summary>The synonym group keys a field's name or title belongs to.</summary>
    public static IEnumerable<string> GroupsOf(IReadOnlyList<string> words, bool parties = false)
    {
        var joined = string.Join(' ', words);
        foreach (var (key, phrases) in parties ? s_partyGroups : s_fieldGroups)
        {
            if (key == joined || phrases.Any(p => p.Weight >= 1 && string.Join(' ', p.Words) == joined))
            {
                yield return key;
            }
        }
    }

    /// <summary>
    /// Words of a label as printed, ready to compare: canonical, without numbers, currency codes,
    /// month names and small words ("Total (AUD)" and "Total EUR" are both [total]).
    /// </summary>
    public static List<string> LabelWords(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var words = new List<string>();
        foreach (var token in Tokens.Split(label))
        {
            var upper = label[token.Start..token.End];
            if (token.IsNumeric || s_stopwords.Contains(token.Text) || CurrencyCodes.IsCode(upper) || DateValue.Month(token.Text) > 0 && token.Text.Length <= 4 && token.Text != "may")
            {
                continue;
            }

            words.Add(token.Text);
        }

        return words;
    }

    /// <summary>
    /// How well printed label words name a phrase: all phrase words present and nothing else is 1;
    /// missing words cost a full share, extra printed words half a share.
    /// </summary>
    public static double Match(IReadOnlyList<string> label, Phrase phrase)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(phrase);
        if (label.Count == 0 || phrase.Words.Count == 0)
        {
            return 0;
        }

        // Each label word matches at most one phrase word: the first unused one that is equal,
        // else the first unused one that is similar. Labels are a few words; this runs for
        // every cell and every wording, so it allocates nothing for them.
        Span<bool> used = label.Count <= 64 ? stackalloc bool[label.Count] : new bool[label.Count];
        var matched = 0;
        foreach (var word in phrase.Words)
        {
            var at = -1;
            for (var i = 0; i < label.Count && at < 0; i++)
            {
                if (!used[i] && string.Equals(label[i], word, StringComparison.Ordinal))
                {
                    at = i;
                }
            }

            for (var i = 0; i < label.Count && at < 0; i++)
            {
                if (!used[i] && Similar(label[i], word))
                {
                    at = i;
                }
            }

            if (at >= 0)
            {
                used[at] = true;
                matched++;
            }
        }

        if (matched == 0)
        {
            return 0;
        }

        var missing = phrase.Words.Count - matched;
        var available = label.Count - matched;
        return phrase.Weight * matched / (matched + missing + (0.5 * available));
    }

    public static double BestMatch(IReadOnlyList<string> label, IEnumerable<Phrase> phrases) =>
        phrases.Select(p => Match(label, p)).DefaultIfEmpty(0).Max();

    /// <summary>Whether printed words read as a label of some known field (used to tell labels from values).</summary>
    public static bool IsKnownLabel(IReadOnlyList<string> label) =>
        label.Count > 0 && BestMatch(label, s_allLabelPhrases) >= 0.75;

    private static List<Phrase> Labels(SchemaField field, List<(string Key, Phrase[] Phrases)> groups) =>
        Labels(field.NameWords, field.TitleWords, groups, includeHead: true);

    private static List<Phrase> Labels(IReadOnlyList<string> nameWords, IReadOnlyList<string> titleWords, List<(string Key, Phrase[] Phrases)> groups, bool includeHead)
    {
        var phrases = new Dictionary<string, Phrase>(StringComparer.Ordinal);
        void Add(Phrase phrase)
        {
            var key = string.Join(' ', phrase.Words);
            if (phrase.Words.Count > 0 && (!phrases.TryGetValue(key, out var existing) || existing.Weight < phrase.Weight))
            {
                phrases[key] = phrase;
            }
        }

        var name = nameWords.Where(w => !s_stopwords.Contains(w)).ToList();
        var title = titleWords.Where(w => !s_stopwords.Contains(w)).ToList();
        Add(new Phrase(name, 1));
        Add(new Phrase(title, 1));
        foreach (var words in new[] { name, title })
        {
            var joined = string.Join(' ', words);
            foreach (var (key, groupPhrases) in groups)
            {
                if (key == joined || groupPhrases.Any(p => p.Weight >= 1 && string.Join(' ', p.Words) == joined))
                {
                    foreach (var phrase in groupPhrases)
                    {
                        Add(phrase);
                    }
                }
            }
        }

        // The head word alone ("date" of order_date, "number" of po_number) is a weak label.
        if (includeHead && name.Count > 1)
        {
            Add(new Phrase([name[^1]], 0.5));
        }

        return phrases.Values.OrderByDescending(p => p.Weight).ThenBy(p => string.Join(' ', p.Words), StringComparer.Ordinal).ToList();
    }

    private static List<(string Key, Phrase[] Phrases)> Build((string Key, string[] Phrases)[] source) =>
        source.Select(group => (
            string.Join(' ', Tokens.Words(group.Key)),
            group.Phrases.Select(p => p.StartsWith('~')
                ? new Phrase(Tokens.Words(p[1..]), Weak)
                : new Phrase(Tokens.Words(p), 1)).ToArray())).ToList();

    /// <summary>One letter apart in a long word: OCR's "Subtota1", "lnvoice".</summary>
    private static bool Similar(string a, string b)
    {
        if (a.Length < 5 || b.Length < 5 || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (a.Length == b.Length)
        {
            return i >= a.Length || a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1));
        }

        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }
}
