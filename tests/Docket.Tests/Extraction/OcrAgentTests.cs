using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;

namespace Docket.Tests.Extraction;

/// <summary>document/ocr through the API: page text and word boxes.</summary>
public sealed class OcrAgentTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SamplePdf_GivesPagesWithWordsAndBoxes()
    {
        var client = _server.Client;
        var file = await client.UploadAsync(File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath)), "invoice.pdf");
        var body = new JsonObject
        {
            ["name"] = "document/ocr",
            ["batch"] = true,
            ["inputs"] = new JsonObject { ["file_1"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
        };

        var done = await client.WaitAsync(await client.ExecuteAsync(body.ToJsonString()));

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var pages = done["response"]!["pages"]!.AsArray();
        var page = Assert.Single(pages)!;
        Assert.Equal(1, page["number"]!.GetValue<int>());
        Assert.Contains("INV-2024-0042", page["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var words = page["words"]!.AsArray();
        Assert.Contains(words, w => w!["text"]!.GetValue<string>().Contains("INV-2024-0042", StringComparison.Ordinal));
        foreach (var word in words)
        {
            var box = word!["box"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal(4, box.Length);
            Assert.True(box[0] <= box[2] && box[1] <= box[3], "a box is left, top, right, bottom");
        }
    }
}
