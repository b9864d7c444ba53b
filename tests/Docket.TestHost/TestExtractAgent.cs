using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.TestHost;

/// <summary>
/// Test only: registered as <c>document/extract</c> (the name the catalog routes a json_schema
/// to) so the prediction API can be tested end to end without the real extractor. It reads
/// nothing: it answers the schema's shape with empty values (strings "", numbers 0, arrays
/// [], objects recursively). A schema's <c>x-test-sleep-ms</c> makes it wait first, honouring
/// cancellation; a run without a file input fails as invalid input, as an extractor would.
/// </summary>
public sealed class TestExtractAgent(TimeProvider time) : IAgentHandler
{
    /// <summary>Set to 1 to register this agent in the test host process.</summary>
    public const string EnableVariable = "DOCKET_TEST_EXTRACT";

    private const int MaxDepth = 16;

    public string Name => AgentCatalog.Extract;

    public string Description => "Test stand-in: answers the json_schema's shape with empty values.";

    public IReadOnlyList<string> Toolsets => ["core", "document"];

    public string Version => "test-1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schema = context.JsonSchema ?? throw ExecutionFailedException.InvalidInput("test extract needs config.json_schema.");
        var files = context.Inputs.Count(i => i.Kind == InputKind.File);
        if (files == 0)
        {
            throw ExecutionFailedException.InvalidInput("test extract needs a file input.");
        }

        var sleep = TestAgents.Int(schema, "x-test-sleep-ms", 0);
        if (sleep > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(sleep), time, cancellationToken).ConfigureAwait(false);
        }

        var images = context.Inputs.Any(i => i.ContentType?.StartsWith("image/", StringComparison.Ordinal) == true);
        return new AgentResult(Shape(schema, 0) as JsonObject ?? []) { ElementsProcessed = files, ElementType = images ? "image" : "page" };
    }

    private static JsonNode? Shape(JsonObject schema, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        return Type(schema) switch
        {
            "object" => new JsonObject((schema["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, p.Value is JsonObject s ? Shape(s, depth + 1) : null))),
            "array" => new JsonArray(),
            "string" => string.Empty,
            "number" or "integer" => 0,
            "boolean" => false,
            _ => null,
        };
    }

    /// <summary>The first non-null type; a schema with properties and no type is an object.</summary>
    private static string? Type(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not null and not "null"),
        _ => schema["properties"] is JsonObject ? "object" : null,
    };
}
