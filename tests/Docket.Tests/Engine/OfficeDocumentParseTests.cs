using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Engine;

/// <summary>Office documents through the API: upload, run document/parse, read the response.</summary>
public sealed class OfficeDocumentParseTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DocumentParse_OnAnUploadedDocx_ReturnsItsParagraphsAndTableAsMarkdown()
    {
        var file = await Client.UploadAsync(OfficeDocuments.InvoiceDocx(), "memo.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        var done = await Client.WaitAsync(await Client.ExecuteAsync(
            """{"name":"document/parse","inputs":{"doc":{"type":"input_file","file_id":"FILE"}}}""".Replace("FILE", file["id"]!.GetValue<string>(), StringComparison.Ordinal)));

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var page = Assert.Single(done["response"]!["pages"]!.AsArray());
        Assert.Equal(
            "Invoice INV-2041\nVendor:\tAcme GmbH\nDue: 2026-12-01\nItem\tAmount\nConsulting\t1,200.00\nThank you.",
            page!["text"]!.GetValue<string>());
        var markdown = done["response"]!["markdown"]!.GetValue<string>();
        Assert.StartsWith("# Invoice INV-2041", markdown, StringComparison.Ordinal);
        Assert.Contains("| Item | Amount |\n| --- | --- |\n| Consulting | 1,200.00 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentExtract_OnAnUploadedDocx_FillsLineItemsFromItsTableAndNotFromTheParagraphsAfterIt()
    {
        var docx = OfficeDocuments.Docx(
            OfficeDocuments.DocxParagraph("Invoice INV-2041")
            + OfficeDocuments.DocxTable(["Item", "Amount"], ["Consulting", "1,200.00"], ["Travel", "310.50"])
            + OfficeDocuments.DocxParagraph("Thank you for your business")
            + OfficeDocuments.DocxParagraph("Questions: call 0800 555 0199"));
        var file = await Client.UploadAsync(docx, "memo.docx");
        var body = new JsonObject
        {
            ["inputs"] = new JsonObject { ["doc"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
            ["config"] = new JsonObject
            {
                ["prompt"] = "Extract the invoice.",
                ["json_schema"] = JsonNode.Parse("""
                    {"type": "object", "properties": {
                      "line_items": {"type": "array", "items": {"type": "object", "properties": {"item": {"type": "string"}, "amount": {"type": "number"}}}}
                    }}
                    """),
            },
        };

        var done = await Client.WaitAsync(await Client.ExecuteAsync(body.ToJsonString()));

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("""{"line_items":[{"item":"Consulting","amount":1200},{"item":"Travel","amount":310.5}]}""", done["response"]!.ToJsonString());
    }
}
