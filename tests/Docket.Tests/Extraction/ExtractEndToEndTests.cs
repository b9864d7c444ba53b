using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;

namespace Docket.Tests.Extraction;

/// <summary>document/extract through the API: upload, execute with an inline schema, read the response.</summary>
public sealed class ExtractEndToEndTests : IAsyncLifetime
{
    private const string Schema = """
        {"title": "Invoice", "type": "object", "properties": {
          "invoice_number": {"type": "string", "title": "Invoice Number"},
          "invoice_date": {"type": "string", "format": "date"},
          "customer": {"$ref": "#/$defs/Customer"},
          "line_items": {"type": "array", "items": {"$ref": "#/$defs/LineItem"}},
          "total": {"type": "number"},
          "purchase_order": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null}
        },
        "required": ["invoice_number", "total", "purchase_order"],
        "$defs": {
          "Customer": {"type": "object", "properties": {"name": {"type": "string"}, "address": {"type": "string"}}, "required": ["name"]},
          "LineItem": {"type": "object", "properties": {"description": {"type": "string"}, "quantity": {"type": "integer"}, "amount": {"type": "number"}}}
        }}
        """;

    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static byte[] Invoice => File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

    [Fact]
    public async Task InlineConfigWithSchema_RunsDocumentExtract_OnAnUploadedPdf()
    {
        var done = await ExecuteAsync(await Client.UploadAsync(Invoice, "invoice.pdf"));

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("document/extract", done["name"]!.GetValue<string>());
        var response = done["response"]!;
        Assert.Equal("INV-2024-0042", response["invoice_number"]!.GetValue<string>());
        Assert.Equal("2024-03-14", response["invoice_date"]!.GetValue<string>());
        Assert.Equal("Northwind Traders plc", response["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("15 Queen Street, Edinburgh EH2 1JX", response["customer"]!["address"]!.GetValue<string>());
        var items = response["line_items"]!.AsArray();
        Assert.Equal(SampleInvoice.Items.Select(i => (long)i.Quantity), items.Select(i => i!["quantity"]!.GetValue<long>()));
        Assert.Equal(SampleInvoice.Items.Select(i => i.Description), items.Select(i => i!["description"]!.GetValue<string>()));
        Assert.Equal(495.96m, response["total"]!.GetValue<decimal>());
        Assert.True(response.AsObject().ContainsKey("purchase_order"));
        Assert.Null(response["purchase_order"]);
        Assert.Equal(["invoice_number", "invoice_date", "customer", "line_items", "total", "purchase_order"], response.AsObject().Select(p => p.Key));
        Assert.Equal("page", done["usage"]!["element_type"]!.GetValue<string>());
        Assert.Equal(1, done["usage"]!["elements_processed"]!.GetValue<int>());
    }

    [Fact]
    public async Task ScannedImage_IsExtractedThroughOcr()
    {
        var png = await Scans.RenderPngAsync(Invoice);

        var done = await ExecuteAsync(await Client.UploadAsync(png, "invoice.png", "image/png"), seconds: 90);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("INV-2024-0042", done["response"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal(495.96m, done["response"]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task SameDocumentTwice_GivesByteIdenticalResponses()
    {
        var file = await Client.UploadAsync(Invoice, "invoice.pdf");

        var first = await ExecuteAsync(file);
        var second = await ExecuteAsync(file);

        Assert.Equal(first["response"]!.ToJsonString(), second["response"]!.ToJsonString());
    }

    [Fact]
    public async Task Grounding_WhenAskedFor_LocatesEachValueOnItsPage()
    {
        var file = await Client.UploadAsync(Invoice, "invoice.pdf");

        var plain = await ExecuteAsync(file);
        var grounded = await ExecuteAsync(file, grounding: true);

        Assert.Null(plain["grounding"]);
        var total = grounded["grounding"]!["/total"]!;
        Assert.Equal(1, total["page"]!.GetValue<int>());
        Assert.Contains("495.96", total["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var box = total["box"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(4, box.Length);
        Assert.True(box[0] < box[2] && box[1] < box[3], "a box is left, top, right, bottom");
        Assert.InRange(total["confidence"]!.GetValue<double>(), 0.0, 1.0);
        Assert.NotNull(grounded["grounding"]!["/line_items/0/amount"]);
        Assert.Equal(plain["response"]!.ToJsonString(), grounded["response"]!.ToJsonString());
    }

    private async Task<JsonObject> ExecuteAsync(JsonObject file, double seconds = 30, bool grounding = false)
    {
        var body = new JsonObject
        {
            ["model"] = "vlmrun-orion-1:auto",
            ["batch"] = true,
            ["inputs"] = new JsonObject { ["file_1"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
            ["config"] = new JsonObject { ["prompt"] = "Extract the invoice.", ["json_schema"] = JsonNode.Parse(Schema) },
        };
        if (grounding)
        {
            body["config"]!["grounding"] = true;
        }

        return await Client.WaitAsync(await Client.ExecuteAsync(body.ToJsonString()), seconds);
    }
}
