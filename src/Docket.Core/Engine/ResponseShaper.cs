using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Engine;

/// <summary>
/// Puts a handler's response into the form the request's response schema asks for: properties
/// in schema order (then any others in their own order), and artifact ids as the schema expects
/// them — a field whose schema is an object with an <c>id</c> (the SDKs' ImageRef, VideoRef, …)
/// gets <c>{"id": "img_…"}</c>, a string field gets the bare id.
/// </summary>
public static partial class ResponseShaper
{
    private const int MaxDepth = 32;

    public static JsonObject Shape(JsonObject response, JsonObject? schema) =>
        schema is null ? response : (Shape(response, schema, schema, 0) as JsonObject) ?? response;

    private static JsonNode? Shape(JsonNode? value, JsonObject schema, JsonObject root, int depth)
    {
        if (depth > MaxDepth)
        {
            return value?.DeepClone();
        }

        schema = Resolve(schema, root);
        if (IsRefObject(schema, root) && value is JsonValue v && v.TryGetValue<string>(out var bareId) && ArtifactId().IsMatch(bareId))
        {
            return new JsonObject { ["id"] = bareId };
        }

        if (Types(schema).Contains("string") && value is JsonObject { Count: 1 } wrapped && wrapped["id"] is JsonValue idValue
            && idValue.TryGetValue<string>(out var wrappedId) && ArtifactId().IsMatch(wrappedId))
        {
            return wrappedId;
        }

        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                var shaped = new JsonObject();
                foreach (var (name, propertySchema) in properties)
                {
                    if (obj.TryGetPropertyValue(name, out var propertyValue))
                    {
                        shaped[name] = propertySchema is JsonObject ps ? Shape(propertyValue, ps, root, depth + 1) : propertyValue?.DeepClone();
                    }
                }

                foreach (var (name, rest) in obj)
                {
                    if (!properties.ContainsKey(name))
                    {
                        shaped[name] = rest?.DeepClone();
                    }
                }

                return shaped;
            case JsonArray array when schema["items"] is JsonObject items:
                return new JsonArray([.. array.Select(item => Shape(item, items, root, depth + 1))]);
            default:
                if (FirstAlternative(schema, value) is { } alternative)
                {
                    return Shape(value, alternative, root, depth + 1);
                }

                return value?.DeepClone();
        }
    }

    /// <summary>For anyOf/oneOf (pydantic's Optional[X]), the first non-null branch that fits the value's kind.</summary>
    private static JsonObject? FirstAlternative(JsonObject schema, JsonNode? value)
    {
        foreach (var key in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema[key] is JsonArray options)
            {
                foreach (var option in options.OfType<JsonObject>())
                {
                    var types = Types(option);
                    if (types.Contains("null") && types.Count == 1)
                    {
                        continue;
                    }

                    if (value is JsonObject && (option["properties"] is not null || option["$ref"] is not null)
                        || value is JsonArray && option["items"] is not null
                        || value is JsonValue && (option["$ref"] is not null || types.Contains("string")))
                    {
                        return option;
                    }
                }
            }
        }

        return null;
    }

    private static bool IsRefObject(JsonObject schema, JsonObject root) =>
        schema["properties"] is JsonObject p && p["id"] is JsonObject && (p.Count == 1 || Types(schema).Contains("object"))
        || FirstAlternative(schema, JsonValue.Create("x")) is { } alternative && Resolve(alternative, root)["properties"] is JsonObject ap && ap["id"] is JsonObject && ap.Count == 1;

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue t when t.TryGetValue<string>(out var one) => [one],
        JsonArray many => [.. many.Select(t => t?.ToString() ?? string.Empty)],
        _ => [],
    };

    /// <summary>Follows <c>$ref</c> (local pointers, as pydantic emits them) to the schema it names.</summary>
    public static JsonObject Resolve(JsonObject schema, JsonObject root)
    {
        for (var hops = 0; hops < MaxDepth && schema["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference) && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            JsonNode? current = root;
            foreach (var part in reference[2..].Split('/'))
            {
                current = current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            if (current is not JsonObject target)
            {
                break;
            }

            schema = target;
        }

        return schema;
    }

    [GeneratedRegex(@"^(img|vid|aud|doc|recon|arr|url)_[0-9a-f]{6}$")]
    private static partial Regex ArtifactId();
}
