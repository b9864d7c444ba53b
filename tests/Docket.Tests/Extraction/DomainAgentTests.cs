using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;

namespace Docket.Tests.Extraction;

/// <summary>The domain agents (document/invoice, …) through the API: shipped schema, or the request's own.</summary>
public sealed class DomainAgentTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static byte[] Invoice => File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

    [Fact]
    public async Task DocumentInvoice_FillsTheShippedInvoiceSchema()
    {
        var file = await Client.UploadAsync(Invoice, "invoice.pdf");

        var done = await RunAsync("document/invoice", file, config: null);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("document/invoice", done["name"]!.GetValue<string>());
        Assert.Equal("INV-2024-0042", done["response"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal(495.96m, done["response"]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task DomainAgent_UsesTheRequestsOwnSchema_WhenItHasOne()
    {
        var file = await Client.UploadAsync(Invoice, "invoice.pdf");
        var config = new JsonObject
        {
            ["json_schema"] = JsonNode.Parse("""{"type":"object","properties":{"invoice_number":{"type":"string"}}}"""),
        };

        var done = await RunAsync("document/receipt", file, config);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(["invoice_number"], done["response"]!.AsObject().Select(p => p.Key));
        Assert.Equal("INV-2024-0042", done["response"]!["invoice_number"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("document/invoice")]
    [InlineData("document/receipt")]
    [InlineData("document/purchase-order")]
    [InlineData("document/bank-statement")]
    public async Task EveryDomainAgent_Runs(string name)
    {
        var file = await Client.UploadAsync(Invoice, "invoice.pdf");

        var done = await RunAsync(name, file, config: null);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(name, done["name"]!.GetValue<string>());
        Assert.IsType<JsonObject>(done["response"]);
    }

    private async Task<JsonObject> RunAsync(string name, JsonObject file, JsonObject? config)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["batch"] = true,
            ["inputs"] = new JsonObject { ["file_1"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
        };
        if (config is not null)
        {
            body["config"] = config;
        }

        return await Client.WaitAsync(await Client.ExecuteAsync(body.ToJsonString()));
    }
}
