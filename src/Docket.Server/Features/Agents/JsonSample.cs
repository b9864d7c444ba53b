using System.Text.Json.Nodes;

namespace Docket.Server.Features.Agents;

/// <summary>An example object for a response schema, shown with an agent so users see the shape they will get.</summary>
internal static class JsonSample
{
    private const int MaxDepth = 8;

    public static JsonNode? FromSchema(JsonObject schema) => Sample(schema, schema, 0);

    private static JsonNode? Sample(JsonObject node, JsonObject root, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (node["$ref"] is JsonValue reference && Resolve(root, reference.GetValue<string>()) is { } target)
        {
            return Sample(target, root, depth + 1);
        }

        if (node["examples"] is JsonArray { Count: > 0 } examples)
        {
            return examples[0]?.DeepClone();
        }

        if (node["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        foreach (var key in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (node[key] is JsonArray options && options.OfType<JsonObject>().FirstOrDefault(o => o["type"]?.ToString() != "null") is { } first)
            {
                return Sample(first, root, depth + 1);
            }
        }

        var type = node["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t?.ToString()).FirstOrDefault(t => t != "null"),
            _ => node["properties"] is not null ? "object" : null,
        };
        return type switch
        {
            "object" => Object(node, root, depth),
            "array" => node["items"] is JsonObject items ? new JsonArray(Sample(items, root, depth + 1)) : new JsonArray(),
            "string" => node["format"]?.ToString() switch
            {
                "date" => "2025-01-31",
                "date-time" => "2025-01-31T12:00:00Z",
                "time" => "12:00",
                "email" => "name@example.com",
                _ => "string",
            },
            "integer" => 0,
            "number" => 0.0,
            "boolean" => false,
            _ => null,
        };
    }

    private static JsonObject Object(JsonObject node, JsonObject root, int depth)
    {
        var result = new JsonObject();
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                result[name] = value is JsonObject property ? Sample(property, root, depth + 1) : null;
            }
        }

        return result;
    }

    private static JsonObject? Resolve(JsonObject root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? current = root;
        foreach (var part in reference[2..].Split('/'))
        {
            current = current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return current as JsonObject;
    }
}
