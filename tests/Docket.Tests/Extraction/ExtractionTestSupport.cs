using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Readers;

namespace Docket.Tests.Extraction;

/// <summary>Runs the extractor on bytes or text without a server.</summary>
internal static class Extract
{
    private static readonly DocumentReader s_reader = new(new ReaderLimits());

    public static JsonObject Pdf(byte[] pdf, string schema) =>
        DocumentExtractAgent.Extract(JsonNode.Parse(schema)!.AsObject(), [s_reader.Read(pdf, "application/pdf", "doc.pdf", CancellationToken.None)]).Response;

    public static (JsonObject Response, JsonObject Grounding) PdfWithGrounding(byte[] pdf, string schema) =>
        DocumentExtractAgent.Extract(JsonNode.Parse(schema)!.AsObject(), [s_reader.Read(pdf, "application/pdf", "doc.pdf", CancellationToken.None)]);

    public static JsonObject Text(string text, string schema) =>
        DocumentExtractAgent.Extract(JsonNode.Parse(schema)!.AsObject(), [DocumentReader.ReadText(text)]).Response;
}
