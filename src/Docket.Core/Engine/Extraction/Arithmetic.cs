using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// The sums documents hold: lines add up to the subtotal, subtotal plus tax is the total, the
/// opening balance plus the transactions is the closing balance. Values that agree gain
/// confidence; a missing one of three is filled when the other two and the lines agree.
/// </summary>
internal static class Arithmetic
{
    private const decimal Tolerance = 0.011m;

    public static void Check(SchemaField owner, JsonObject target, string pointer, Grounding grounding, IReadOnlyDictionary<SchemaField, List<Candidate>> candidates)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(grounding);
        ArgumentNullException.ThrowIfNull(candidates);
        var total = Field(owner, "total");
        var subtotal = Field(owner, "subtotal");
        var tax = Field(owner, "tax");
        var lines = LineSum(owner, target);
        if (total is not null && subtotal is not null && tax is not null)
        {
            Choose(total, subtotal, tax, lines, target, pointer, grounding, candidates);
        }

        // A missing one of the three follows from the two that are printed, never from a value
        // derived itself: the subtotal needs total and tax to agree with the lines.
        decimal? t = Get(target, total), s = Get(target, subtotal), x = Get(target, tax);
        if (subtotal is not null && s is null && lines is { } sum && t is { } pt && x is { } px && Near(sum + px, pt))
        {
            Set(target, subtotal, sum, pointer, grounding);
            s = sum;
        }
        else if (total is not null && t is null && s is { } s1 && x is { } x1 && (lines is null || Near(lines.Value, s1)))
        {
            Set(target, total, s1 + x1, pointer, grounding);
            t = s1 + x1;
        }
        else if (tax is not null && x is null && s is { } s2 && t is { } t2 && t2 >= s2 && (lines is null || Near(lines.Value, s2)))
        {
            Set(target, tax, t2 - s2, pointer, grounding);
            x = t2 - s2;
        }

        if (t is { } tt && s is { } ss && x is { } xx)
        {
            var agree = Near(ss + xx, tt);
            foreach (var field in new[] { total, subtotal, tax })
            {
                Confirm(pointer, field!, agree, grounding);
            }
        }
        else if (total is not null && t is { } only && lines is { } l && subtotal is null && tax is null)
        {
            Confirm(pointer, total, Near(l, only), grounding);
        }

        CheckBalances(owner, target, pointer, grounding);
    }

    /// <summary>
    /// Among the labelled candidates for total, subtotal and tax, the three that add up (and whose
    /// subtotal is the sum of the lines) win over a slightly better label that does not; several
    /// tax lines (GST and PST) that together make up the difference are one tax.
    /// </summary>
    private static void Choose(SchemaField total, SchemaField subtotal, SchemaField tax, decimal? lines, JsonObject target, string pointer, Grounding grounding, IReadOnlyDictionary<SchemaField, List<Candidate>> candidates)
    {
        List<Candidate> Top(SchemaField field) => candidates.TryGetValue(field, out var list)
            ? list.Where(c => NumberValue.FromJson(c.Value.Value) is not null).GroupBy(c => NumberValue.FromJson(c.Value.Value)).Select(g => g.First()).Take(4).ToList()
            : [];

        var totals = Top(total);
        var subtotals = Top(subtotal);
        var taxes = Top(tax);
        decimal? t = Get(target, total), s = Get(target, subtotal), x = Get(target, tax);
        double Bonus(decimal tv, decimal sv, decimal xv) => (Near(sv + xv, tv) ? 1.5 : 0) + (lines is { } l && Near(l, sv) ? 1 : 0);

        if (t is { } t0 && s is { } s0 && x is { } x0 && Near(s0 + x0, t0))
        {
            return;
        }

        (Candidate T, Candidate S, Candidate X, double Score)? best = null;
        foreach (var tc in totals)
        {
            foreach (var sc in subtotals.Where(c => c.Site != tc.Site))
            {
                foreach (var xc in taxes.Where(c => c.Site != tc.Site && c.Site != sc.Site))
                {
                    var score = tc.Score + sc.Score + xc.Score + Bonus(NumberValue.FromJson(tc.Value.Value)!.Value, NumberValue.FromJson(sc.Value.Value)!.Value, NumberValue.FromJson(xc.Value.Value)!.Value);
                    if (best is null || score > best.Value.Score + 1e-9)
                    {
                        best = (tc, sc, xc, score);
                    }
                }
            }
        }

        if (best is { } b && Near(NumberValue.FromJson(b.S.Value.Value)!.Value + NumberValue.FromJson(b.X.Value.Value)!.Value, NumberValue.FromJson(b.T.Value.Value)!.Value))
        {
            Use(target, total, b.T, pointer, grounding);
            Use(target, subtotal, b.S, pointer, grounding);
            Use(target, tax, b.X, pointer, grounding);
            return;
        }

        // Two or more tax lines that together close the gap between subtotal and total.
        if (t is { } tt && s is { } ss && taxes.Count >= 2)
        {
            var parts = taxes.Select(c => NumberValue.FromJson(c.Value.Value)!.Value).Where(v => v > 0).ToList();
            for (var mask = 3; mask < 1 << Math.Min(parts.Count, 4); mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) < 2)
                {
                    continue;
                }

                var sum = parts.Where((_, i) => (mask & (1 << i)) != 0).Sum();
                if (Near(ss + sum, tt))
                {
                    target[tax.Name] = JsonValue.Create(NumberValue.Normalize(sum));
                    grounding.Remove(pointer + "/" + Grounding.Escape(tax.Name));
                    return;
                }
            }
        }
    }

    private static void Use(JsonObject target, SchemaField field, Candidate candidate, string pointer, Grounding grounding)
    {
        target[field.Name] = candidate.Value.Value.DeepClone();
        grounding.Add(pointer + "/" + Grounding.Escape(field.Name), candidate.Value.Source, Math.Min(1, candidate.Score));
    }

    /// <summary>Opening balance + transactions = closing balance; either missing one is the other plus the sum.</summary>
    private static void CheckBalances(SchemaField owner, JsonObject target, string pointer, Grounding grounding)
    {
        var opening = Field(owner, "opening balance");
        var closing = Field(owner, "closing balance");
        if (opening is null || closing is null || LineSum(owner, target, signed: true) is not { } moved)
        {
            return;
        }

        decimal? o = Get(target, opening), c = Get(target, closing);

        // Not printed apart from the table: the running balances give both ends.
        if (RunningBalances(owner, target) is { } ends)
        {
            if (o is null)
            {
                Set(target, opening, ends.Opening, pointer, grounding);
                o = ends.Opening;
            }

            if (c is null && Near(o.Value + moved, ends.Closing))
            {
                Set(target, closing, ends.Closing, pointer, grounding);
                c = ends.Closing;
            }
        }

        if (o is { } oo && c is { } cc)
        {
            var agree = Near(oo + moved, cc);
            Confirm(pointer, opening, agree, grounding);
            Confirm(pointer, closing, agree, grounding);
        }
    }

    /// <summary>The balance before the first transaction (its balance less its amount) and after the last.</summary>
    private static (decimal Opening, decimal Closing)? RunningBalances(SchemaField owner, JsonObject target)
    {
        foreach (var array in owner.Properties.Where(p => p.IsObjectArray))
        {
            var properties = array.Items!.Properties;
            var amount = properties.FirstOrDefault(p => p.Type is ValueType.Number && ItemFiller.Concept(p) == "amount");
            var balance = properties.FirstOrDefault(p => p.Type is ValueType.Number && ItemFiller.Concept(p) == "balance");
            if (amount is null || balance is null || target[array.Name] is not JsonArray { Count: > 0 } items)
            {
                continue;
            }

            if (NumberValue.FromJson(items[0]?[balance.Name]) is { } firstBalance && NumberValue.FromJson(items[0]?[amount.Name]) is { } firstAmount
                && NumberValue.FromJson(items[^1]?[balance.Name]) is { } lastBalance)
            {
                return (firstBalance - firstAmount, lastBalance);
            }
        }

        return null;
    }

    /// <summary>The property of the owner whose name belongs to a synonym group ("total", "subtotal", …).</summary>
    private static SchemaField? Field(SchemaField owner, string group) =>
        owner.Properties.FirstOrDefault(p => p.Type is ValueType.Number or ValueType.Integer && Lexicon.GroupsOf(p.NameWords).Contains(group));

    /// <summary>The sum of the line amounts of the owner's first array of items that has them.</summary>
    private static decimal? LineSum(SchemaField owner, JsonObject target, bool signed = false)
    {
        foreach (var array in owner.Properties.Where(p => p.IsObjectArray))
        {
            var amount = array.Items!.Properties.FirstOrDefault(p => p.Type is ValueType.Number && ItemFiller.Concept(p) == "amount");
            if (amount is null || target[array.Name] is not JsonArray items || items.Count == 0)
            {
                continue;
            }

            var isSigned = amount.DescriptionFolded.Contains("negative", StringComparison.Ordinal) || amount.DescriptionFolded.Contains("signed", StringComparison.Ordinal);
            if (isSigned != signed)
            {
                continue;
            }

            var sum = 0m;
            foreach (var item in items.OfType<JsonObject>())
            {
                if (NumberValue.FromJson(item[amount.Name]) is not { } v)
                {
                    return null;
                }

                sum += v;
            }

            return sum;
        }

        return null;
    }

    private static decimal? Get(JsonObject target, SchemaField? field) =>
        field is null ? null : NumberValue.FromJson(target[field.Name]);

    private static void Set(JsonObject target, SchemaField field, decimal value, string pointer, Grounding grounding)
    {
        target[field.Name] = JsonValue.Create(NumberValue.Normalize(value));
        grounding.Remove(pointer + "/" + Grounding.Escape(field.Name));
    }

    private static void Confirm(string pointer, SchemaField field, bool agree, Grounding grounding)
    {
        var key = pointer + "/" + Grounding.Escape(field.Name);
        var current = grounding.ConfidenceOf(key);
        grounding.Adjust(key, agree ? Math.Max(current, 0.95) : Math.Min(current, 0.5));
    }

    private static bool Near(decimal a, decimal b) => Math.Abs(a - b) <= Tolerance;
}
