using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Engine.Agents;

/// <summary>
/// Puts a tool agent's artifacts into the fields of the request's response schema that ask for
/// them, whatever those fields are called: a property typed as the SDKs' <c>VideoRef</c> gets the
/// first video, a list of <c>ImageRef</c>s every image, in order. The agent's own field names stay
/// as they are when they already fit; <see cref="ResponseShaper"/> then writes each id in the form
/// the field asks for (<c>{"id": "vid_…"}</c> or the bare id).
/// </summary>
internal static partial class ArtifactFields
{
    private static readonly Dictionary<string, string> RefTitles = new(StringComparer.Ordinal)
    {
        ["ImageRef"] = "img", ["VideoRef"] = "vid", ["AudioRef"] = "aud", ["DocumentRef"] = "doc", ["ReconRef"] = "recon", ["ArrayRef"] = "arr", ["UrlRef"] = "url",
    };

    public static JsonObject Place(JsonObject response, JsonObject? schema)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (schema is null || ResponseShaper.Resolve(schema, schema)["properties"] is not JsonObject properties)
        {
            return response;
        }

        var artifacts = new List<string>();
        Collect(response, artifacts);
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject property)
            {
                continue;
            }

            var field = NonNull(ResponseShaper.Resolve(property, schema), schema);
            if (RefType(field, schema) is { } single)
            {
                if (!IsArtifact(response[name], single) && artifacts.FirstOrDefault(a => a.StartsWith(single + "_", StringComparison.Ordinal)) is { } first)
                {
                    response[name] = first;
                }
            }
            else if (field["items"] is JsonObject items && RefType(NonNull(ResponseShaper.Resolve(items, schema), schema), schema) is { } many
                && !(response[name] is JsonArray present && present.All(item => IsArtifact(item, many))))
            {
                var all = artifacts.Where(a => a.StartsWith(many + "_", StringComparison.Ordinal)).ToList();
                if (all.Count > 0)
                {
                    response[name] = new JsonArray([.. all.Select(a => (JsonNode)a)]);
                }
            }
        }

        return response;
    }

    /// <summary>The artifact type a ref-object schema stands for, from its id pattern or its title; null when it is no ref.</summary>
    private static string? RefType(JsonObject schema, JsonObject root)
    {
        if (schema["properties"] is not JsonObject { Count: 1 } properties || properties["id"] is not JsonObject id)
        {
            return null;
        }

        if (id["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && PatternType().Match(pattern) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }

        return schema["title"] is JsonValue t && t.TryGetValue<string>(out var title) && RefTitles.TryGetValue(title, out var type) ? type : null;
    }

    /// <summary>pydantic's Optional[X] is anyOf [X, null]: the X.</summary>
    private static JsonObject NonNull(JsonObject schema, JsonObject root)
    {
        if (schema["anyOf"] is JsonArray options)
        {
            foreach (var option in options.OfType<JsonObject>())
            {
                if (option["type"]?.ToString() != "null")
                {
                    return ResponseShaper.Resolve(option, root);
                }
            }
        }

        return schema;
    }

    private static bool IsArtifact(JsonNode? value, string type) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(type + "_", StringComparison.Ordinal) && ArtifactId().IsMatch(s)
        || value is JsonObject { Count: 1 } o && IsArtifact(o["id"], type);

    private static void Collect(JsonNode? node, List<string> artifacts)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Collect(value, artifacts);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, artifacts);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && ArtifactId().IsMatch(s) && !artifacts.Contains(s):
                artifacts.Add(s);
                break;
        }
    }

    [GeneratedRegex(@"^\^?(img|vid|aud|doc|recon|arr|url)_")]
    private static partial Regex PatternType();

    [GeneratedRegex(@"^(img|vid|aud|doc|recon|arr|url)_[0-9a-f]{6}$")]
    private static partial Regex ArtifactId();
}
