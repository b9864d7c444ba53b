using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// The final shape of a response: every property in schema order, values of the schema's
/// types, strings that fit the schema's pattern and enum; anything that does not fit is null.
/// </summary>
internal static class SchemaOutput
{
    public static JsonObject Conform(SchemaField schema, JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(value);
        return (JsonObject)ConformNode(schema, value)!;
    }

    private static JsonNode? ConformNode(SchemaField schema, JsonNode? value)
    {
        switch (schema.Kind)
        {
            case FieldKind.Object:
                var source = value as JsonObject;
                if (source is null && schema.Name.Length > 0)
                {
                    return null;
                }

                var result = new JsonObject();
                foreach (var property in schema.Properties)
                {
                    result[property.Name] = ConformNode(property, source?[property.Name]);
                }

                return result;
            case FieldKind.Array:
                if (value is not JsonArray array)
                {
                    return null;
                }

                return schema.Items is null
                    ? array.DeepClone()
                    : new JsonArray([.. array.Select(item => ConformNode(schema.Items, item))]);
            default:
                return ConformLeaf(schema, value);
        }
    }

    private static JsonNode? ConformLeaf(SchemaField schema, JsonNode? value)
    {
        if (value is not JsonValue leaf)
        {
            return null;
        }

        if (schema.EnumValues.Count > 0)
        {
            return schema.EnumValues.FirstOrDefault(e => JsonNode.DeepEquals(e, leaf))?.DeepClone();
        }

        var kind = leaf.GetValueKind();
        switch (schema.Kind)
        {
            case FieldKind.Number:
                return NumberValue.FromJson(leaf) is { } n ? JsonValue.Create(NumberValue.Normalize(n)) : null;
            case FieldKind.Integer:
                if (kind != JsonValueKind.Number)
                {
                    return null;
                }

                var number = NumberValue.FromJson(leaf) ?? 0.5m;
                return number == decimal.Truncate(number) ? JsonValue.Create((long)number) : null;
            case FieldKind.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? leaf.DeepClone() : null;
            default:
                var text = kind switch
                {
                    JsonValueKind.String => leaf.GetValue<string>(),
                    JsonValueKind.Number => ValueReader.Format(NumberValue.FromJson(leaf) ?? 0),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                return text is null || schema.Pattern is { } pattern && !Fallbacks.MatchesPattern(pattern, text) ? null : JsonValue.Create(text);
        }
    }
}
