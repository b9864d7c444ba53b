using System.Text.Json.Nodes;
using Docket.Engine.Extraction;
using Docket.Engine.Readers;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/extract</c> agent: reads every document input into one layout and
/// fills the request's <c>json_schema</c> from it by labels, tables, party blocks and
/// arithmetic. No model and no randomness: the same inputs and schema give the same bytes.
/// With <c>config.grounding</c> or <c>config.confidence</c> it also says where each value was read.
/// </summary>
public sealed class DocumentExtractAgent : IAgentHandler
{
    private readonly DocumentReader _reader;

    public DocumentExtractAgent(DocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public string Name => AgentCatalog.Extract;

    public string Description =>
        "Extracts the fields of a JSON Schema from documents (PDF, scanned images, text, CSV, HTML) by labels, tables and arithmetic, without a model.";

    public IReadOnlyList<string> Toolsets { get; } = ["core", "document"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schema = context.JsonSchema
            ?? throw ExecutionFailedException.InvalidInput("document/extract needs config.json_schema: the JSON Schema of the response.");
        var documents = context.Documents("document/extract");

        var layouts = new List<DocumentLayout>();
        foreach (var input in documents)
        {
            layouts.Add(await _reader.ReadAsync(input, cancellationToken).ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = Extract(schema, layouts);
        var pages = layouts.Sum(l => l.Pages.Count);
        return new AgentResult(result.Response)
        {
            ElementsProcessed = pages,
            ElementType = "page",
            Grounding = WantsGrounding(context.Config) ? result.Grounding : null,
        };
    }

    /// <summary>Fills <paramref name="schema"/> from the layouts; the grounding is keyed by JSON pointer.</summary>
    public static (JsonObject Response, JsonObject Grounding) Extract(JsonObject schema, IReadOnlyList<DocumentLayout> layouts)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(layouts);
        var root = SchemaReader.Read(schema);
        if (root.Kind != FieldKind.Object)
        {
            throw ExecutionFailedException.InvalidInput("config.json_schema must describe an object (\"type\": \"object\" with properties).");
        }

        var extractor = new SchemaExtractor(new DocModel(layouts));
        var response = extractor.Extract(root);
        return (response, extractor.Grounding);
    }

    private static bool WantsGrounding(JsonObject config) =>
        IsTrue(config["grounding"]) || IsTrue(config["confidence"]);

    private static bool IsTrue(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
