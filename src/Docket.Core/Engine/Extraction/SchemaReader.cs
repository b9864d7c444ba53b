using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Reads a JSON Schema (as pydantic, zod or hand-written schemas give it) into
/// <see cref="SchemaField"/>s. Recursive schemas stop at a fixed depth.
/// </summary>
internal static class SchemaReader
{
    private const int MaxDepth = 10;

    public static SchemaField Read(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Read(string.Empty, schema, schema, 0);
    }

    private static SchemaField Read(string name, JsonObject schema, JsonObject root, int depth)
    {
        var (merged, nullable) = Flatten(schema, root, 0);
        var types = Types(merged);
        nullable |= types.Contains("null");
        var enumValues = merged["enum"] is JsonArray e
            ? e.Where(v => v is not null).Select(v => v!.DeepClone()).ToList()
            : merged.TryGetPropertyValue("const", out var c) && c is not null ? [c.DeepClone()] : [];
        nullable |= merged["enum"] is JsonArray withNull && withNull.Any(v => v is null);

        var kind = KindOf(merged, types, enumValues);
        var title = Text(merged, "title");
        var description = Text(merged, "description");
        var properties = new List<SchemaField>();
        SchemaField? items = null;
        if (depth < MaxDepth)
        {
            if (kind == FieldKind.Object && merged["properties"] is JsonObject props)
            {
                foreach (var (propertyName, propertySchema) in props)
                {
                    properties.Add(Read(propertyName, propertySchema as JsonObject ?? [], root, depth + 1));
                }
            }
            else if (kind == FieldKind.Array && merged["items"] is JsonObject itemSchema)
            {
                items = Read(string.Empty, itemSchema, root, depth + 1);
            }
        }

        return new SchemaField
        {
            Name = name,
            Kind = kind,
            Type = TypeOf(name, kind, merged, enumValues, title, description),
            Title = title,
            Description = description,
            Pattern = Text(merged, "pattern"),
            EnumValues = enumValues,
            Nullable = nullable,
            Properties = properties,
            Items = items,
        };
    }

    /// <summary>
    /// The schema with <c>$ref</c> followed and <c>allOf</c> merged; for <c>anyOf</c>/<c>oneOf</c>
    /// the first branch that is not null, and whether a null branch was there.
    /// </summary>
    private static (JsonObject Schema, bool Nullable) Flatten(JsonObject schema, JsonObject root, int depth)
    {
        schema = ResponseShaper.Resolve(schema, root);
        if (depth > MaxDepth)
        {
            return (schema, false);
        }

        var merged = new JsonObject();
        var nullable = false;
        foreach (var (key, value) in schema)
        {
            if (key is not ("allOf" or "anyOf" or "oneOf" or "$ref"))
            {
                merged[key] = value?.DeepClone();
            }
        }

        if (schema["allOf"] is JsonArray all)
        {
            foreach (var part in all.OfType<JsonObject>())
            {
                var (flat, partNullable) = Flatten(part, root, depth + 1);
                nullable |= partNullable;
                MergeInto(merged, flat);
            }
        }

        foreach (var key in new[] { "anyOf", "oneOf" })
        {
            if (schema[key] is not JsonArray options)
            {
                continue;
            }

            JsonObject? chosen = null;
            foreach (var option in options.OfType<JsonObject>())
            {
                var (flat, optionNullable) = Flatten(option, root, depth + 1);
                var types = Types(flat);
                if (types.Count == 1 && types[0] == "null")
                {
                    nullable = true;
                    continue;
                }

                nullable |= optionNullable;
                chosen ??= flat;
            }

            if (chosen is not null)
            {
                MergeInto(merged, chosen);
            }
        }

        return (merged, nullable);
    }

    /// <summary>Adds what <paramref name="source"/> says and <paramref name="target"/> does not; properties are united.</summary>
    private static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (key == "properties" && target["properties"] is JsonObject existing && value is JsonObject more)
            {
                foreach (var (name, property) in more)
                {
                    if (!existing.ContainsKey(name))
                    {
                        existing[name] = property?.DeepClone();
                    }
                }
            }
            else if (!target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue t when t.TryGetValue<string>(out var one) => [one],
        JsonArray many => [.. many.Select(t => t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : string.Empty)],
        _ => [],
    };

    private static FieldKind KindOf(JsonObject schema, List<string> types, List<JsonNode> enumValues)
    {
        var type = types.FirstOrDefault(t => t != "null");
        return type switch
        {
            "object" => FieldKind.Object,
            "array" => FieldKind.Array,
            "number" => FieldKind.Number,
            "integer" => FieldKind.Integer,
            "boolean" => FieldKind.Boolean,
            "string" => FieldKind.String,
            _ when schema["properties"] is JsonObject => FieldKind.Object,
            _ when schema["items"] is JsonObject => FieldKind.Array,
            _ when enumValues.Count > 0 => enumValues[0].GetValueKind() switch
            {
                JsonValueKind.Number => FieldKind.Number,
                JsonValueKind.True or JsonValueKind.False => FieldKind.Boolean,
                _ => FieldKind.String,
            },
            _ => FieldKind.String,
        };
    }

    private static ValueType TypeOf(string name, FieldKind kind, JsonObject schema, List<JsonNode> enumValues, string? title, string? description)
    {
        if (enumValues.Count > 0)
        {
            return ValueType.Enum;
        }

        switch (kind)
        {
            case FieldKind.Number:
                return ValueType.Number;
            case FieldKind.Integer:
                return ValueType.Integer;
            case FieldKind.Boolean:
                return ValueType.Boolean;
            case FieldKind.String:
                break;
            default:
                return ValueType.Text;
        }

        var format = Text(schema, "format");
        var pattern = Text(schema, "pattern") ?? string.Empty;
        var words = Tokens.IdentifierWords(name);
        var about = Tokens.Fold((title ?? string.Empty) + " " + (description ?? string.Empty));
        return format switch
        {
            "date" => ValueType.Date,
            "date-time" => ValueType.DateTime,
            "time" => ValueType.Time,
            _ when pattern.Contains(@"\d{4}-\d{2}-\d{2}", StringComparison.Ordinal) || about.Contains("yyyy-mm-dd", StringComparison.Ordinal) => ValueType.Date,
            _ when pattern.Contains("[0-5][0-9]", StringComparison.Ordinal) && pattern.Contains(':', StringComparison.Ordinal) || about.Contains("hh:mm", StringComparison.Ordinal) => ValueType.Time,
            _ when words.Contains("currency") || about.Contains("iso 4217", StringComparison.Ordinal) => ValueType.Currency,
            _ => ValueType.Text,
        };
    }

    private static string? Text(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
