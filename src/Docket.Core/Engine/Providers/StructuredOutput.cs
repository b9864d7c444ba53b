using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Engine.Providers;

/// <summary>
/// How Docket asks for JSON and reads it back: <c>response_format: json_schema</c> where the
/// provider supports it, JSON mode with the schema in the prompt otherwise; answers may come
/// wrapped in code fences or after a model's <c>&lt;think&gt;</c> block.
/// </summary>
public static partial class StructuredOutput
{
    public static JsonObject ResponseFormat(JsonObject schema, ProviderOptions provider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(provider);
        return provider.JsonSchema
            ? new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject
                {
                    ["name"] = SchemaName(schema),
                    ["schema"] = schema.DeepClone(),
                    ["strict"] = provider.StrictSchema,
                },
            }
            : new JsonObject { ["type"] = "json_object" };
    }

    /// <summary>The schema's title made fit for OpenAI's name rule (<c>^[a-zA-Z0-9_-]{1,64}$</c>), or <c>response</c>.</summary>
    public static string SchemaName(JsonObject schema)
    {
        var title = schema["title"] is JsonValue t && t.TryGetValue<string>(out var s) ? NotAllowed().Replace(s, "_").Trim('_') : string.Empty;
        return title.Length == 0 ? "response" : title.Length > 64 ? title[..64] : title;
    }

    /// <summary>The text of an assistant message: a string, or the text parts of a content array.</summary>
    public static string ContentText(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(p => p["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : string.Empty)),
        _ => string.Empty,
    };

    /// <summary>The answer without a leading reasoning block (<c>&lt;think&gt;…&lt;/think&gt;</c>) and surrounding space.</summary>
    public static string WithoutReasoning(string content) => Reasoning().Replace(content, string.Empty).Trim();

    /// <summary>The JSON object in an answer, or a parse error to show the model in the repair round.</summary>
    public static (JsonObject? Value, string? Error) ParseObject(string content)
    {
        var text = WithoutReasoning(content);
        var fenced = Fence().Match(text);
        if (fenced.Success)
        {
            text = fenced.Groups[1].Value.Trim();
        }

        if (text.Length == 0)
        {
            return (null, "the answer is empty; it must be one JSON object");
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }) is JsonObject obj
                ? (obj, null)
                : (null, "the answer is JSON but not an object; it must be one JSON object");
        }
        catch (JsonException exception)
        {
            return (null, $"the answer is not valid JSON: {exception.Message}");
        }
    }

    [GeneratedRegex("[^a-zA-Z0-9_-]+")]
    private static partial Regex NotAllowed();

    [GeneratedRegex(@"^\s*<think>.*?</think>", RegexOptions.Singleline)]
    private static partial Regex Reasoning();

    [GeneratedRegex(@"^```(?:json)?\s*\n(.*?)\n?```$", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
