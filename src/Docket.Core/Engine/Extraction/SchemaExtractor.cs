using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Fills a response schema from a document's layout, deterministically: tables first (they
/// fill arrays of objects), then parties (name-and-address blocks), then every other field by
/// its label, then the checks arithmetic allows. Fields that cannot be found are null.
/// </summary>
internal sealed class SchemaExtractor
{
    private readonly DocModel _doc;
    private readonly FieldLocator _locator;
    private readonly ItemFiller _items;
    private readonly Grounding _grounding;
    private List<Table> _tables = [];
    private readonly HashSet<Table> _usedTables = [];
    private readonly Dictionary<SchemaField, List<Candidate>> _candidates = [];

    public SchemaExtractor(DocModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        _doc = doc;
        _locator = new FieldLocator(doc);
        _items = new ItemFiller(doc);
        _grounding = new Grounding(doc);
    }

    public JsonObject Grounding => _grounding.ToJson();

    public JsonObject Extract(SchemaField root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var finder = new TableFinder(_doc, ItemFiller.SchemaColumns(root));
        _tables = [.. finder.FindWithHeaders(), .. finder.FindWithoutHeaders()];
        var result = new JsonObject();
        FillObject(root, result, string.Empty);
        return SchemaOutput.Conform(root, result);
    }

    private void FillObject(SchemaField owner, JsonObject target, string pointer)
    {
        // Tables first: their cells are no place to look for other fields' labels.
        foreach (var array in owner.Properties.Where(p => p.IsObjectArray))
        {
            FillTable(array, target, pointer);
        }

        var slots = PartySlot.Discover(owner);
        new PartyFinder(_doc, _locator).Fill(slots, target, pointer, _grounding);
        var partyFields = slots.SelectMany(s => s.Fields).Concat(slots.Where(s => s.Object is not null).Select(s => s.Object!)).ToHashSet();

        var scalars = owner.Properties.Where(p => p.IsLeaf && !partyFields.Contains(p)).ToList();
        FillScalars(scalars, target, pointer);

        foreach (var nested in owner.Properties.Where(p => p.Kind == FieldKind.Object && !partyFields.Contains(p)))
        {
            var child = new JsonObject();
            FillObject(nested, child, pointer + "/" + Extraction.Grounding.Escape(nested.Name));
            target[nested.Name] = child;
        }

        foreach (var array in owner.Properties.Where(p => p.Kind == FieldKind.Array && !p.IsObjectArray))
        {
            target[array.Name] = null;
        }

        Arithmetic.Check(owner, target, pointer, _grounding, _candidates);
    }

    private void FillTable(SchemaField array, JsonObject target, string pointer)
    {
        var item = array.Items!;
        var best = _tables
            .Where(t => !_usedTables.Contains(t))
            .Select(t => (Table: t, Mapping: _items.Map(item, t)))
            .Where(x => x.Mapping.Score >= 1.5 || x.Mapping.Columns.Count + x.Mapping.Signed.Count >= 2)
            .OrderByDescending(x => x.Mapping.Columns.Count + x.Mapping.Signed.Count)
            .ThenByDescending(x => x.Table.HasHeader)
            .ThenByDescending(x => x.Mapping.Score)
            .ThenByDescending(x => x.Table.Rows.Count)
            .FirstOrDefault();
        if (best.Table is null)
        {
            target[array.Name] = null;
            return;
        }

        _usedTables.Add(best.Table);
        _locator.Excluded.UnionWith(best.Table.Cells);
        var opening = OpeningBalance(array);
        target[array.Name] = _items.Fill(item, best.Table, best.Mapping, pointer + "/" + Extraction.Grounding.Escape(array.Name), _grounding, opening);
    }

    /// <summary>The opening balance a statement prints, for checking the signs of its transactions.</summary>
    private decimal? OpeningBalance(SchemaField array)
    {
        if (!array.Items!.Properties.Any(p => ItemFiller.Concept(p) == "balance"))
        {
            return null;
        }

        var field = new SchemaField { Name = "opening_balance", Kind = FieldKind.Number, Type = ValueType.Number };
        var found = _locator.Find(field, Lexicon.FieldLabels(field)).FirstOrDefault();
        return found is null ? null : NumberValue.FromJson(found.Value.Value);
    }

    private void FillScalars(List<SchemaField> fields, JsonObject target, string pointer)
    {
        var chosen = new Dictionary<SchemaField, (ReadValue Value, double Score)>();
        var options = new List<(SchemaField Field, Candidate Candidate)>();
        foreach (var field in fields)
        {
            var phrases = Lexicon.FieldLabels(field);
            if (Fallbacks.RangeSide(field) != 0 && field.Type is ValueType.Date or ValueType.DateTime)
            {
                if (RangeValue(field, phrases) is { } range)
                {
                    chosen[field] = range;
                }

                continue;
            }

            var found = _locator.Find(field, phrases);
            _candidates[field] = found;
            options.AddRange(found.Select(c => (field, c)));
        }

        // One label gives one field its value: the best-scored pairs first.
        var sites = new HashSet<(int, int, int, string)>();
        foreach (var (field, candidate) in options.OrderByDescending(o => o.Candidate.Score).ThenBy(o => o.Candidate.Order).ThenBy(o => fields.IndexOf(o.Field)))
        {
            var kind = field.Type is ValueType.Number or ValueType.Integer ? "n" : field.Type is ValueType.Date or ValueType.DateTime ? "d" : field.Type.ToString();
            var site = (candidate.Site.Line, candidate.Site.Cell, candidate.Site.Start, kind);
            if (chosen.ContainsKey(field) || sites.Contains(site))
            {
                continue;
            }

            chosen[field] = (candidate.Value, candidate.Score);
            sites.Add(site);
        }

        AddFallbacks(fields, chosen);
        foreach (var field in fields.Where(f => f.Type == ValueType.Text && chosen.ContainsKey(f) && Lexicon.GroupsOf(f.NameWords).Contains("payment method")))
        {
            chosen[field] = (Fallbacks.Canonical(chosen[field].Value), chosen[field].Score);
        }

        foreach (var field in fields)
        {
            if (chosen.TryGetValue(field, out var value))
            {
                target[field.Name] = value.Value.Value.DeepClone();
                _grounding.Add(pointer + "/" + Extraction.Grounding.Escape(field.Name), value.Value.Source, Math.Min(1, value.Score));
            }
            else
            {
                target[field.Name] = null;
            }
        }
    }

    private void AddFallbacks(List<SchemaField> fields, Dictionary<SchemaField, (ReadValue Value, double Score)> chosen)
    {
        var excluded = _locator.Excluded;
        foreach (var field in fields.Where(f => !chosen.ContainsKey(f)))
        {
            var groups = Lexicon.GroupsOf(field.NameWords).Concat(Lexicon.GroupsOf(field.TitleWords)).ToList();
            ReadValue? value = null;
            if (field.Type == ValueType.Currency && _doc.Currency is { } currency)
            {
                var cell = _doc.Cells.FirstOrDefault(c => c.Text.Contains(currency, StringComparison.Ordinal)) ?? _doc.Cells.FirstOrDefault(c => CurrencyCodes.FromValue(c.Text) == currency);
                value = cell is null ? null : new ReadValue(JsonValue.Create(currency), Span.Of(cell), 0.7);
            }
            else if (field.Type == ValueType.Date && fields.First(f => f.Type == ValueType.Date) == field)
            {
                var taken = chosen.Values.Where(v => v.Value.Value.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.Value.Value.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                value = Fallbacks.FirstDate(_doc, excluded, taken);
            }
            else if (field.Type == ValueType.Time)
            {
                var date = chosen.Where(c => c.Key.Type is ValueType.Date).Select(c => (Span?)c.Value.Value.Source).FirstOrDefault();
                value = Fallbacks.FirstTime(_doc, excluded, date);
            }
            else if (groups.Contains("payment method") && field.Type is ValueType.Text or ValueType.Enum)
            {
                value = Fallbacks.PaymentMethod(_doc, excluded);
                if (value is not null && field.Type == ValueType.Enum)
                {
                    value = ValueReader.Read(field, value.Source, _doc);
                }
            }

            if (value is not null)
            {
                chosen[field] = (value, value.Quality);
            }
        }
    }

    /// <summary>The start or end of a labelled range ("Statement period 01.07.2024 – 31.07.2024"), its own label ("Period start"), or the first range printed.</summary>
    private (ReadValue, double)? RangeValue(SchemaField field, List<Phrase> phrases)
    {
        var side = Fallbacks.RangeSide(field);
        var baseWords = field.NameWords.Where(w => w is not ("start" or "begin" or "beginning" or "from" or "first" or "end" or "ending" or "to" or "until" or "through" or "last" or "date")).ToList();
        var rangeField = new SchemaField { Name = string.Join('_', baseWords.DefaultIfEmpty("period")), Kind = FieldKind.String, Type = ValueType.Text };
        var rangePhrases = Lexicon.FieldLabels(rangeField);
        rangePhrases.AddRange(Lexicon.FieldLabels(new SchemaField { Name = "statement_period", Kind = FieldKind.String }).Select(p => p with { Weight = p.Weight * 0.9 }));
        foreach (var candidate in _locator.Find(rangeField, rangePhrases))
        {
            if (Fallbacks.Range(candidate.Value.Source, _doc) is { } range)
            {
                var date = side < 0 ? range.From : range.To;
                return (new ReadValue(JsonValue.Create(DateValue.Iso(date.Date)), candidate.Value.Source.Slice(date.Start, date.End), 1), candidate.Score);
            }
        }

        // A label of its own ("Period start:", "From:") with one date.
        var own = _locator.Find(field, phrases).FirstOrDefault(c => Fallbacks.Range(c.Value.Source, _doc) is null);
        if (own is not null && own.Score >= 0.8)
        {
            return (own.Value, own.Score);
        }

        if (Fallbacks.FirstRange(_doc, _locator.Excluded) is { } first)
        {
            var date = side < 0 ? first.From : first.To;
            return (new ReadValue(JsonValue.Create(DateValue.Iso(date.Date)), first.Span.Slice(date.Start, date.End), 0.7), 0.7);
        }

        return own is null ? null : (own.Value, own.Score);
    }
}
