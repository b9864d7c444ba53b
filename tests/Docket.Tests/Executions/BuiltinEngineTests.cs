using Docket.Tests.Support;

namespace Docket.Tests.Executions;

/// <summary>The built-in engine through the API, with request bodies as the SDKs send them.</summary>
public sealed class BuiltinEngineTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PromptOnlyInlineConfig_RunsDocumentParse_OnAnUploadedPdf()
    {
        var pdf = await File.ReadAllBytesAsync(Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf"));
        var file = await Client.UploadAsync(pdf, "invoice.pdf");

        var id = await Client.ExecuteAsync("""
            {"model":"vlmrun-orion-1:auto","name":null,"batch":true,
             "inputs":{"file_1":{"type":"input_file","file_id":"FILE"}},
             "config":{"prompt":"Summarize this document."}}
            """.Replace("FILE", file["id"]!.GetValue<string>(), StringComparison.Ordinal));
        var done = await Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("document/parse", done["name"]!.GetValue<string>());
        var page = done["response"]!["pages"]![0]!;
        Assert.Equal(1, page["number"]!.GetValue<int>());
        Assert.Contains("INV-2024-0042", page["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("495.96", done["response"]!["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("page", done["usage"]!["element_type"]!.GetValue<string>());
        Assert.Equal(1, done["usage"]!["elements_processed"]!.GetValue<int>());
    }

    [Fact]
    public async Task SameDocumentTwice_GivesByteIdenticalResponses()
    {
        var csv = "name,amount\n\"Smith, J\",12.50\nDoe,7\n"u8.ToArray();
        var file = await Client.UploadAsync(csv, "amounts.csv", "text/csv");
        var body = """{"name":"document/parse","inputs":{"doc":{"type":"input_file","file_id":"FILE"}}}""".Replace("FILE", file["id"]!.GetValue<string>(), StringComparison.Ordinal);

        var first = await Client.WaitAsync(await Client.ExecuteAsync(body));
        var second = await Client.WaitAsync(await Client.ExecuteAsync(body));

        Assert.Equal(first["response"]!.ToJsonString(), second["response"]!.ToJsonString());
        Assert.Equal(first["fingerprint"]!.GetValue<string>(), second["fingerprint"]!.GetValue<string>());
        Assert.Contains("Smith, J", first["response"]!["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableDocument_FailsWithInvalidInput_NotARetry()
    {
        var file = await Client.UploadAsync("%PDF-1.7\n1 0 obj broken"u8.ToArray(), "broken.pdf", "application/pdf");

        var done = await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"document/parse","inputs":{"doc":{"type":"input_file","file_id":"FILE"}}}""".Replace("FILE", file["id"]!.GetValue<string>(), StringComparison.Ordinal)));

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
    }
}
