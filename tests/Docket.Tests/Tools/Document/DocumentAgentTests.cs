using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;
using OpenCvSharp;

namespace Docket.Tests.Tools.Document;

/// <summary>document/render-pages, document/split and document/redact through the HTTP API, as the SDKs call them (no toolsets).</summary>
public sealed class DocumentAgentTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-document-agents-").FullName;

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task RenderPages_ReturnsAPngPerPage()
    {
        var fileId = await UploadInvoiceAsync();

        var done = await RunAsync($$$$"""{"name": "document/render-pages", "inputs": {"document": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}, "config": {"dpi": 100}}""");

        Assert.True(done["status"]!.GetValue<string>() == "completed", done.ToJsonString());
        var page = Assert.Single(done["response"]!["pages"]!.AsArray())!;
        var (type, bytes) = await ArtifactAsync(done, page["image"]!.GetValue<string>());
        Assert.Equal("image/png", type);
        using var image = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        Assert.Equal((827, 1170), (image.Width, image.Height));
        Assert.Equal(["document"], done["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Split_And_Redact_GiveDocRefsToPdfs()
    {
        var fileId = await UploadInvoiceAsync();

        var split = await RunAsync($$$$"""{"name": "document/split", "inputs": {"document": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");
        var redacted = await RunAsync($$$$"""{"name": "document/redact", "inputs": {"document": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}, "config": {"text": ["ACME"]}}""");

        var part = Assert.Single(split["response"]!["documents"]!.AsArray())!;
        var (type, bytes) = await ArtifactAsync(split, part["document"]!.GetValue<string>());
        Assert.Equal("application/pdf", type);
        var path = Path.Combine(_directory, "part.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        Assert.Equal(1, await DocumentToolTests.PagesAsync(path));
        Assert.Equal(2, redacted["response"]!["redactions"]!.AsArray().Count);
        var (redactedType, redactedBytes) = await ArtifactAsync(redacted, redacted["response"]!["document"]!.GetValue<string>());
        Assert.Equal("application/pdf", redactedType);
        Assert.Equal("%PDF-"u8.ToArray(), redactedBytes[..5]);
    }

    [Fact]
    public async Task Redact_WithNothingToCover_FailsAsInvalidInput()
    {
        var fileId = await UploadInvoiceAsync();

        var done = await RunAsync($$$$"""{"name": "document/redact", "inputs": {"document": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("'patterns' or 'text' is required", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> UploadInvoiceAsync()
    {
        var path = Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");
        var file = await Client.UploadAsync(await File.ReadAllBytesAsync(path), "invoice.pdf", "application/pdf");
        return file["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> RunAsync(string request) => await Client.WaitAsync(await Client.ExecuteAsync(request), 120);

    private async Task<(string ContentType, byte[] Bytes)> ArtifactAsync(JsonObject execution, string objectId)
    {
        using var response = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={execution["id"]}");
        Assert.True(response.IsSuccessStatusCode, $"artifact {objectId}: {(int)response.StatusCode}");
        return (response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsByteArrayAsync());
    }
}
