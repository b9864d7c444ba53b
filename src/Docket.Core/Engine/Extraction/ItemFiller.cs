using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Turns a table into the items of an array field: each item property is matched to the column
/// whose header names the same thing (by the synonym table, and for amounts by what the
/// property's description says), then every row is read into an item. A signed amount takes a
/// pair of debit and credit columns.
/// </summary>
internal sealed class ItemFiller(DocModel doc)
{
    private const double MinFit = 0.5;

    /// <summary>Which column (or debit/credit pair) each item property reads from, and how well the table fits.</summary>
    public sealed record Mapping(Dictionary<SchemaField, int> Columns, Dictionary<SchemaField, (int? Debit, int? Credit)> Signed, double Score);

    public Mapping Map(SchemaField item, Table table)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(table);
        var leaves = item.Properties.Where(p => p.IsLeaf).ToList();
        var options = new List<(SchemaField Field, int Column, double Score)>();
        foreach (var field in leaves)
        {
            var affinity = Affinity(field);
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var column = table.Columns[c];
                var score = affinity.Select(a => a.Value * column.Concepts.GetValueOrDefault(a.Key)).DefaultIfEmpty(0).Max();
                var direct = Lexicon.Match(Lexicon.LabelWords(column.Header), new Phrase(field.NameWords, 1));
                score = Math.Max(score, direct) + (0.1 * direct);
                if (score >= MinFit && Fits(field, table, c))
                {
                    options.Add((field, c, score));
                }
            }
        }

        var columns = new Dictionary<SchemaField, int>();
        var used = new HashSet<int>();
        var total = 0.0;
        foreach (var (field, column, score) in options.OrderByDescending(o => o.Score).ThenBy(o => o.Column))
        {
            if (columns.ContainsKey(field) || used.Contains(column))
            {
                continue;
            }

            columns[field] = column;
            used.Add(column);
            total += score;
        }

        // A quantity whose header a scan garbled: the unnamed column of small whole numbers.
        var quantityField = leaves.FirstOrDefault(f => !columns.ContainsKey(f) && Concept(f) == "quantity");
        if (quantityField is not null && table.HasHeader)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (!used.Contains(c) && table.Columns[c].Concepts.Values.DefaultIfEmpty(0).Max() < MinFit && WholeNumbers(table, c))
                {
                    columns[quantityField] = c;
                    used.Add(c);
                    total += 0.5;
                    break;
                }
            }
        }

        // A signed amount without an amount column reads debit and credit columns.
        var signed = new Dictionary<SchemaField, (int? Debit, int? Credit)>();
        foreach (var field in leaves.Where(f => !columns.ContainsKey(f) && IsSigned(f)))
        {
            int? debit = Find(table, "debit", used);
            int? credit = Find(table, "credit", used);
            if (debit is not null || credit is not null)
            {
                signed[field] = (debit, credit);
                total += 1;
            }
        }

        return new Mapping(columns, signed, total);
    }

    /// <summary>The items of the table under a mapping, with grounding for every value.</summary>
    public JsonArray Fill(SchemaField item, Table table, Mapping mapping, string pointer, Grounding grounding, decimal? openingBalance)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(grounding);
        var items = new JsonArray();
        var quantityField = item.Properties.FirstOrDefault(p => Concept(p) == "quantity" && p.IsLeaf);
        var unitField = item.Properties.FirstOrDefault(p => Concept(p) == "unit price" && p.IsLeaf);
        var amountField = item.Properties.FirstOrDefault(p => Concept(p) == "amount" && p.IsLeaf && !IsSigned(p));
        var balanceField = item.Properties.FirstOrDefault(p => Concept(p) == "balance" && p.IsLeaf);
        var signedField = item.Properties.FirstOrDefault(p => p.IsLeaf && IsSigned(p));
        var textColumn = mapping.Columns.Where(m => m.Key.Type == ValueType.Text).Select(m => (int?)m.Value).FirstOrDefault();
        var balance = openingBalance;

        foreach (var row in table.Rows)
        {
            if (textColumn is { } tc && TableFinder.IsForward(row.Text(tc)) || row.Cells.Any(c => c.Count > 0 && TableFinder.IsForward(string.Join(' ', c.Select(s => s.Text)))))
            {
                if (balanceField is not null && mapping.Columns.TryGetValue(balanceField, out var bc) && Number(row, bc) is { } forward)
                {
                    balance ??= NumberValue.FromJson(forward.Value);
                }

                continue;
            }

            var index = items.Count;
            var itemPointer = $"{pointer}/{index}";
            var obj = new JsonObject();
            var values = new Dictionary<SchemaField, ReadValue?>();
            foreach (var field in item.Properties)
            {
                ReadValue? value = null;
                if (mapping.Columns.TryGetValue(field, out var column))
                {
                    value = Read(field, row, column);
                }
                else if (mapping.Signed.TryGetValue(field, out var pair))
                {
                    value = SignedAmount(row, pair.Debit, pair.Credit);
                }

                values[field] = value;
            }

            // "3 x 19.49" under an item: quantity and unit price.
            if (row.Multiplier is { } m)
            {
                if (quantityField is not null)
                {
                    values[quantityField] = new ReadValue(JsonValue.Create(NumberValue.Normalize(m.Quantity)), m.Source, 1);
                }

                if (unitField is not null)
                {
                    values[unitField] = new ReadValue(JsonValue.Create(NumberValue.Normalize(m.UnitPrice)), m.Source, 1);
                }
            }

            LineArithmetic.QuantityInName(values, item, quantityField, quantityField is not null && mapping.Columns.ContainsKey(quantityField));
            LineArithmetic.Complete(values, quantityField, unitField, amountField);
            LineArithmetic.Repair(values, quantityField, unitField, amountField);
            if (signedField is not null && balanceField is not null)
            {
                balance = LineArithmetic.CheckBalance(values, signedField, balanceField, balance);
            }

            if (values.Values.All(v => v is null))
            {
                continue;
            }

            foreach (var field in item.Properties)
            {
                var value = values[field];
                obj[field.Name] = value?.Value.DeepClone();
                if (value is not null)
                {
                    grounding.Add($"{itemPointer}/{Grounding.Escape(field.Name)}", value.Source, 0.9 * value.Quality);
                }
            }

            items.Add(obj);
        }

        return items;
    }

    /// <summary>The concept an item property stands for (description, quantity, unit price, amount, …).</summary>
    public static string? Concept(SchemaField field)
    {
        // A property's concept depends on the schema alone and is asked for at every row, so it
        // is worked out once; the box is published whole, so a field shared between threads is safe.
        field.ColumnConcept ??= new System.Runtime.CompilerServices.StrongBox<string?>(BestConcept(field));
        return field.ColumnConcept.Value;
    }

    private static string? BestConcept(SchemaField field) =>
        Affinity(field).Where(a => !a.Key.StartsWith("field:", StringComparison.Ordinal)).OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key).FirstOrDefault();

    /// <summary>The item properties of a schema's arrays as column concepts of their own, named by their name and title.</summary>
    public static List<(string Key, Phrase[] Phrases)> SchemaColumns(SchemaField root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var columns = new List<(string Key, Phrase[] Phrases)>();
        void Visit(SchemaField field, int depth)
        {
            if (depth > 6)
            {
                return;
            }

            if (field.IsObjectArray)
            {
                foreach (var leaf in field.Items!.Properties.Where(p => p.IsLeaf))
                {
                    Phrase[] phrases = [new Phrase(leaf.NameWords, 1), new Phrase(leaf.TitleWords, 1)];
                    columns.Add((FieldKey(leaf), phrases.Where(p => p.Words.Count > 0).ToArray()));
                }
            }

            foreach (var child in field.Properties.Concat(field.Items is null ? [] : [field.Items]))
            {
                Visit(child, depth + 1);
            }
        }

        Visit(root, 0);
        return columns;
    }

    private static string FieldKey(SchemaField field) => "field:" + field.Name;

    /// <summary>How strongly a property asks for each column concept, from its name, title and description.</summary>
    private static Dictionary<string, double> Affinity(SchemaField field) => field.ColumnAffinity ??= ComputeAffinity(field);

    private static Dictionary<string, double> ComputeAffinity(SchemaField field)
    {
        var affinity = new Dictionary<string, double>(StringComparer.Ordinal) { [FieldKey(field)] = 1 };
        foreach (var (key, phrases) in Lexicon.Columns)
        {
            // Only wordings the name spells out in full: "amount" is not half of "debit amount".
            var full = phrases.Where(p => p.Weight >= 1).ToList();
            var score = Math.Max(
                Lexicon.BestMatch(field.NameWords, full.Where(p => p.Words.All(field.NameWords.Contains))),
                Lexicon.BestMatch(field.TitleWords, full.Where(p => p.Words.All(field.TitleWords.Contains))) * 0.95);
            if (score > 0)
            {
                affinity[key] = score;
            }
        }

        // "Line total (quantity x unit price)": an amount, whatever its name.
        var description = field.DescriptionFolded;
        if (field.Type is ValueType.Number or ValueType.Integer
            && (description.Contains("quantity x", StringComparison.Ordinal) || description.Contains("qty x", StringComparison.Ordinal)
                || description.Contains("x unit price", StringComparison.Ordinal) || description.Contains("line total", StringComparison.Ordinal)
                || description.Contains("line price", StringComparison.Ordinal) || description.Contains("line amount", StringComparison.Ordinal)
                || description.Contains("quantity times", StringComparison.Ordinal) || description.Contains("quantity ×", StringComparison.Ordinal)))
        {
            affinity["amount"] = Math.Max(affinity.GetValueOrDefault("amount"), 1.1);
        }

        if (IsSigned(field))
        {
            affinity["amount"] = Math.Max(affinity.GetValueOrDefault("amount"), 1);
        }

        return affinity;
    }

    /// <summary>An amount that is negative for money out: its description says so.</summary>
    private static bool IsSigned(SchemaField field)
    {
        if (field.Type is not (ValueType.Number or ValueType.Integer))
        {
            return false;
        }

        var d = field.DescriptionFolded;
        return d.Contains("signed", StringComparison.Ordinal) || d.Contains("negative for", StringComparison.Ordinal)
            || d.Contains("debit", StringComparison.Ordinal) && d.Contains("credit", StringComparison.Ordinal)
            || d.Contains("withdrawal", StringComparison.Ordinal) && d.Contains("deposit", StringComparison.Ordinal);
    }

    /// <summary>Whether the column's values can be the field's type: mostly numbers for a number, dates for a date, text for text.</summary>
    private bool Fits(SchemaField field, Table table, int column)
    {
        var texts = table.Rows.Select(r => r.Text(column)).Where(t => t.Length > 0).ToList();
        if (texts.Count == 0)
        {
            return table.Rows.Count == 0 || field.Type is not (ValueType.Text);
        }

        var numbers = texts.Count(t => NumberValue.TryParse(t, doc.DecimalStyle, out _, unitWords: true));
        var dates = texts.Count(t => DateValue.FindAll(t, doc.Dates, allowYearless: true).Count > 0);
        return field.Type switch
        {
            ValueType.Number or ValueType.Integer => numbers * 2 >= texts.Count,
            ValueType.Date or ValueType.DateTime => dates * 2 >= texts.Count,
            ValueType.Text => numbers < texts.Count || Concept(field) == "sku",
            _ => true,
        };
    }

    private bool WholeNumbers(Table table, int column)
    {
        var texts = table.Rows.Select(r => r.Text(column)).ToList();
        var whole = texts.Count(t => NumberValue.TryParse(t, doc.DecimalStyle, out var n, unitWords: true) && n.Value == decimal.Truncate(n.Value) && n.Value is > 0 and < 10000);
        return texts.Count > 0 && whole * 2 >= texts.Count;
    }

    private static int? Find(Table table, string concept, HashSet<int> used)
    {
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (!used.Contains(c) && table.Columns[c].Concepts.GetValueOrDefault(concept) >= MinFit)
            {
                return c;
            }
        }

        return null;
    }

    private ReadValue? Read(SchemaField field, TableRow row, int column)
    {
        var spans = row.Cells[column];
        if (spans.Count == 0)
        {
            return null;
        }

        if (field.Type is ValueType.Date or ValueType.DateTime)
        {
            var span = spans[0];
            var date = DateValue.FindAll(span.Text, doc.Dates, allowYearless: true).FirstOrDefault();
            return date.End == 0 ? null : new ReadValue(JsonValue.Create(DateValue.Iso(date.Date)), span.Slice(date.Start, date.End), date.HasYear ? 1 : 0.9);
        }

        if (field.Type == ValueType.Text && spans.Count > 1)
        {
            // A description wrapped over lines reads as one line.
            var text = string.Join(' ', spans.Select(s => s.Text.Trim()));
            return new ReadValue(JsonValue.Create(text), spans[0], 1);
        }

        return ValueReader.Read(field, spans[0], doc);
    }

    private ReadValue? Number(TableRow row, int column) =>
        row.Cells[column].Count == 0 ? null : ValueReader.Number(row.Cells[column][0], doc, integer: false);

    /// <summary>Credit minus debit: money in is positive, money out negative.</summary>
    private ReadValue? SignedAmount(TableRow row, int? debit, int? credit)
    {
        if (debit is { } d && Number(row, d) is { } outgoing)
        {
            var value = NumberValue.FromJson(outgoing.Value) ?? 0;
            return outgoing with { Value = JsonValue.Create(NumberValue.Normalize(-Math.Abs(value))) };
        }

        if (credit is { } c && Number(row, c) is { } incoming)
        {
            return incoming;
        }

        return null;
    }
}
