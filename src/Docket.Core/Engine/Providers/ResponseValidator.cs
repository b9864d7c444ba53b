using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Docket.Engine.Providers;

/// <summary>
/// Checks a model's answer against the execution's JSON Schema with JsonSchema.Net; the errors
/// name the place in the answer (a JSON pointer) and what is wrong there.
/// </summary>
public static class ResponseValidator
{
    private const int MaxErrors = 20;

    /// <summary>The schema built for evaluation; a schema JsonSchema.Net cannot read fails the execution with invalid_input.</summary>
    public static JsonSchema Build(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            // A registry per schema: the shared one would keep every $id ever seen and refuse a second schema with the same $id.
            return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw ExecutionFailedException.InvalidInput($"The json_schema cannot be used for validation: {exception.Message}");
        }
    }

    /// <summary>Empty when <paramref name="value"/> fits; otherwise up to 20 errors, <c>/path: message</c>.</summary>
    public static IReadOnlyList<string> Validate(JsonSchema schema, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var document = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            foreach (var (_, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                var at = detail.InstanceLocation.ToString();
                var line = $"{(at.Length == 0 ? "/" : at)}: {message}";
                if (!errors.Contains(line))
                {
                    errors.Add(line);
                }
            }
        }

        return errors.Count == 0 ? ["the answer does not fit the schema"] : errors.Take(MaxErrors).ToList();
    }
}
