using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// The arithmetic of one line of a table: quantity × unit price = amount, and a statement's
/// previous balance + amount = balance. It fills what a line did not print and repairs what
/// a scan misread.
/// </summary>
internal static partial class LineArithmetic
{
    /// <summary>"2 x Croissant" or "Croissant 2 @ 2.80" as the item's text, with no quantity column: quantity 2, item "Croissant".</summary>
    public static void QuantityInName(Dictionary<SchemaField, ReadValue?> values, SchemaField item, SchemaField? quantityField, bool quantityColumn)
    {
        if (quantityField is null || quantityColumn)
        {
            return;
        }

        foreach (var field in item.Properties.Where(p => p.Type == ValueType.Text && values.GetValueOrDefault(p) is not null))
        {
            var value = values[field]!;
            var text = value.Value.GetValue<string>();
            var suffix = QuantitySuffix().Match(text);
            if (suffix.Success && decimal.TryParse(suffix.Groups[2].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0)
            {
                // "Cappuccino 2 @ 3.50": the item, then how many at what price.
                values[field] = value with { Value = JsonValue.Create(suffix.Groups[1].Value.Trim()) };
                values[quantityField] = new ReadValue(JsonValue.Create(count), value.Source, value.Quality);
                return;
            }

            var match = QuantityPrefix().Match(text);
            if (!match.Success || !decimal.TryParse(match.Groups[1].Value.Replace(',', '.'), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            {
                continue;
            }

            values[field] = value with { Value = JsonValue.Create(match.Groups[2].Value.Trim()) };
            values[quantityField] = new ReadValue(JsonValue.Create(NumberValue.Normalize(quantity)), value.Source, value.Quality);
            return;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{1,4}(?:[.,]\d{1,3})?)\s?[xX×*]\s+(\p{L}.*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 2000)]
    private static partial System.Text.RegularExpressions.Regex QuantityPrefix();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\p{L}.*?)\s+(\d{1,4})\s?[xX×@]\s?\d+[.,]\d{2}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 2000)]
    private static partial System.Text.RegularExpressions.Regex QuantitySuffix();

    /// <summary>
    /// Fills what the line did not print but arithmetic gives: quantity 1 for a priced line
    /// without a quantity, and a missing quantity, price or amount from the other two.
    /// </summary>
    public static void Complete(Dictionary<SchemaField, ReadValue?> values, SchemaField? quantityField, SchemaField? unitField, SchemaField? amountField)
    {
        var quantity = Get(values, quantityField);
        var unit = Get(values, unitField);
        var amount = Get(values, amountField);
        if (quantityField is not null && quantity is null)
        {
            if (amount is { } a && unit is { } u && u != 0 && decimal.Round(a / u, 3) is var q && q == decimal.Round(q))
            {
                values[quantityField] = Derived(q, values[amountField!]!);
            }
            else if (amount is not null || unit is not null)
            {
                values[quantityField] = Derived(1, (values.GetValueOrDefault(amountField!) ?? values[unitField!])!);
            }
        }

        quantity = Get(values, quantityField);
        if (unitField is not null && unit is null && quantity is { } qq && qq != 0 && amount is { } aa)
        {
            values[unitField] = Derived(decimal.Round(aa / qq, 2), values[amountField!]!);
        }

        if (amountField is not null && amount is null && quantity is { } q2 && unit is { } u2)
        {
            values[amountField] = Derived(decimal.Round(q2 * u2, 2), values[unitField!]!);
        }
    }

    /// <summary>
    /// Quantity × unit price = amount. When a scan misread one of them, the other two say which:
    /// a whole quantity from amount ÷ price, else a price in cents from amount ÷ quantity.
    /// </summary>
    public static void Repair(Dictionary<SchemaField, ReadValue?> values, SchemaField? quantityField, SchemaField? unitField, SchemaField? amountField)
    {
        if (Get(values, quantityField) is not { } q || Get(values, unitField) is not { } u || Get(values, amountField) is not { } a
            || Math.Abs(decimal.Round(q * u, 2) - a) <= 0.011m || u == 0 || q == 0)
        {
            return;
        }

        var quantity = a / u;
        if (Math.Abs(quantity - decimal.Round(quantity)) < 0.0005m)
        {
            values[quantityField!] = Derived(decimal.Round(quantity), values[quantityField!]!);
            return;
        }

        var price = a / q;
        if (Math.Abs(price - decimal.Round(price, 2)) < 0.00005m)
        {
            values[unitField!] = Derived(decimal.Round(price, 2), values[unitField!]!);
        }
    }

    /// <summary>How many digits differ between two amounts printed with the same number of digits (else many).</summary>
    private static int DigitsApart(decimal a, decimal b)
    {
        var x = a.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var y = b.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return x.Length != y.Length ? int.MaxValue : x.Zip(y).Count(p => p.First != p.Second);
    }

    private static ReadValue Derived(decimal value, ReadValue from) => new(JsonValue.Create(NumberValue.Normalize(value)), from.Source, from.Quality * 0.8);

    private static decimal? Get(Dictionary<SchemaField, ReadValue?> values, SchemaField? field) =>
        field is not null && values.GetValueOrDefault(field) is { } v ? NumberValue.FromJson(v.Value) : null;

    /// <summary>
    /// The running balance decides a sign the columns left open: previous balance + amount must
    /// give this balance; if the opposite sign does, the amount takes it.
    /// </summary>
    public static decimal? CheckBalance(Dictionary<SchemaField, ReadValue?> values, SchemaField amountField, SchemaField balanceField, decimal? previous)
    {
        var amount = Get(values, amountField);
        var balance = Get(values, balanceField);
        if (previous is { } p && amount is { } a && balance is { } b && Math.Abs(p + a - b) > 0.005m)
        {
            var moved = b - p;
            if (Math.Abs(p - a - b) <= 0.005m)
            {
                values[amountField] = values[amountField]! with { Value = JsonValue.Create(NumberValue.Normalize(-a)) };
            }
            else if (DigitsApart(Math.Abs(a), Math.Abs(moved)) <= 1)
            {
                // A digit the scan misread: the balances before and after give the amount.
                values[amountField] = values[amountField]! with { Value = JsonValue.Create(NumberValue.Normalize(moved)), Quality = 0.7 };
            }
        }

        return balance ?? (previous is { } pv && Get(values, amountField) is { } am ? pv + am : null);
    }
}
