using System.Text.Json.Nodes;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Samples;

/// <summary>samples/CompareDocuments as a process against a real server.</summary>
public sealed class CompareDocumentsSampleTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-sample-compare-").FullName;

    [Fact]
    public async Task CompareDocuments_RunsTheInlinePrompt_OnBothFiles_AndPrintsTheResponse()
    {
        var invoice = Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");
        var revised = Path.Combine(_directory, "revised.md");
        await File.WriteAllTextAsync(revised, "# Invoice INV-2024-0043\n\nTotal due (GBP) 512.00\n");

        var result = await CliProcess.RunAsync("CompareDocuments.dll", ["--url", fixture.Server.BaseUrl, "--api-key", fixture.Server.AdminKey, invoice, revised]);

        // An inline config whose prompt asks to compare two inputs runs document/compare.
        Assert.True(result.Code == 0, result.ToString());
        var response = JsonNode.Parse(result.Output)!;
        Assert.Equal(2, response["documents"]!.AsArray().Count);
        var printed = response.ToJsonString();
        Assert.Contains("INV-2024-0042", printed, StringComparison.Ordinal);
        Assert.Contains("INV-2024-0043", printed, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(response["summary"]!.GetValue<string>()));
        var execution = JsonNode.Parse((await CliProcess.DocketAsync("executions", "list", "--limit", "1", "--json", "--url", fixture.Server.BaseUrl, "--api-key", fixture.Server.AdminKey)).Output)![0]!;
        Assert.Equal("document/compare", execution["name"]!.GetValue<string>());
        Assert.Equal(2, execution["usage"]!["elements_processed"]!.GetValue<int>());
    }

    [Fact]
    public async Task CompareDocuments_WithOneDocument_PrintsItsUsage_AndExits2()
    {
        var result = await CliProcess.RunAsync("CompareDocuments.dll", ["--url", fixture.Server.BaseUrl, "only-one.pdf"]);

        Assert.Equal(2, result.Code);
        Assert.StartsWith("usage: CompareDocuments", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
