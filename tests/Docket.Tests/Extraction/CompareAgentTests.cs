using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;

namespace Docket.Tests.Extraction;

/// <summary>document/compare through the API, by name and by the compare-prompt route.</summary>
public sealed class CompareAgentTests : IAsyncLifetime
{
    private static readonly string[] Original =
    [
        "Invoice Number: INV-7001",
        "Invoice Date: 2024-05-02",
        "Consulting services 3 x 100.00",
        "Travel expenses 45.00",
        "Total: 345.00",
    ];

    private static readonly string[] Revised =
    [
        "Invoice Number: INV-7001",
        "Invoice Date: 2024-05-02",
        "Consulting services 3 x 100.00",
        "Hotel accommodation 45.00",
        "Total: 395.00",
    ];

    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TwoVariants_ReportTheChangedAmountAndLine()
    {
        var done = await RunAsync(new JsonObject { ["name"] = "document/compare" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var response = done["response"]!;
        var documents = response["documents"]!.AsArray();
        Assert.Equal(["original", "revised"], documents.Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal("INV-7001", documents[0]!["summary"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal("345.00", documents[0]!["summary"]!["total"]!.GetValue<string>());
        Assert.Equal(5, documents[1]!["text_lines"]!.GetValue<int>());
        var field = Assert.Single(response["differences"]!["fields"]!.AsArray(), f => f!["key"]!.GetValue<string>() == "total")!;
        Assert.Equal(["345.00", "395.00"], field["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.DoesNotContain(response["differences"]!["fields"]!.AsArray(), f => f!["key"]!.GetValue<string>() == "invoice_number");
        Assert.Contains("Hotel accommodation 45.00", response["differences"]!["added_lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Contains("Travel expenses 45.00", response["differences"]!["removed_lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        var summary = response["summary"]!.GetValue<string>();
        Assert.Contains("345.00", summary, StringComparison.Ordinal);
        Assert.Contains("395.00", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlineComparePrompt_WithTwoInputs_RoutesToCompare_Deterministically()
    {
        var request = new JsonObject { ["config"] = new JsonObject { ["prompt"] = "Compare these two invoices." } };

        var first = await RunAsync(request);
        var second = await RunAsync(request);

        Assert.Equal("document/compare", first["name"]!.GetValue<string>());
        Assert.Equal(first["response"]!.ToJsonString(), second["response"]!.ToJsonString());
    }

    [Fact]
    public async Task InlineComparePrompt_WithASchema_StillRunsExtract()
    {
        var request = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["prompt"] = "Compare these two invoices.",
                ["json_schema"] = JsonNode.Parse("""{"type":"object","properties":{"total":{"type":"number"}}}"""),
            },
        };

        var done = await RunAsync(request);

        Assert.Equal("document/extract", done["name"]!.GetValue<string>());
    }

    private async Task<JsonObject> RunAsync(JsonObject request)
    {
        var original = await Client.UploadAsync(TestDocuments.Pdf(Original), "original.pdf");
        var revised = await Client.UploadAsync(TestDocuments.Pdf(Revised), "revised.pdf");
        request["batch"] = true;
        request["inputs"] = new JsonObject
        {
            ["original"] = new JsonObject { ["type"] = "input_file", ["file_id"] = original["id"]!.GetValue<string>() },
            ["revised"] = new JsonObject { ["type"] = "input_file", ["file_id"] = revised["id"]!.GetValue<string>() },
        };
        return await Client.WaitAsync(await Client.ExecuteAsync(request.ToJsonString()));
    }
}
