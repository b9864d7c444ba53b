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
}
