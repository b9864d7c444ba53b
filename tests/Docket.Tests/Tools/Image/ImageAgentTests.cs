using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;

namespace Docket.Tests.Tools.Image;

/// <summary>image/blur-faces, image/redact-text and image/ocr through the HTTP API, as the SDKs call them (no toolsets).</summary>
public sealed class ImageAgentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string ImageRefSchema = """{"$defs": {"ImageRef": {"properties": {"id": {"pattern": "^img_\\w{6}$", "title": "Id", "type": "string"}}, "required": ["id"], "title": "ImageRef", "type": "object"}}, "properties": {"image": {"$ref": "#/$defs/ImageRef", "description": "The processed image"}}, "required": ["image"], "title": "ImageResponse", "type": "object"}""";

    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("messi5.jpg", "image/jpeg")]
    [InlineData("basketball1.png", "image/png")]
    public async Task BlurFaces_WithNoToolsets_ReturnsAnImageWithTheFacesHidden(string name, string contentType)
    {
        var fileId = await UploadAsync(MediaCorpus.PathOf(name), contentType);

        var done = await RunAsync($$$$"""{"name": "image/blur-faces", "inputs": {"image": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var response = done["response"]!;
        var id = response["image"]!.GetValue<string>();
        Assert.Matches("^img_[0-9a-f]{6}$", id);
        var faces = response["faces"]!.AsArray();
        Assert.NotEmpty(faces);
        Assert.All(faces, f => Assert.Equal(["box", "confidence"], f!.AsObject().Select(p => p.Key)));
        var (type, bytes) = await ArtifactAsync(done, id);
        Assert.Equal("image/png", type);
        BlurCheck.AssertFacesHidden(MediaCorpus.PathOf(name), bytes, [.. faces.Select(f => BlurCheck.Box(f!))]);
        Assert.Equal(["image"], done["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("image", done["usage"]!["element_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task BlurFaces_WithTheSdksImageRefSchema_PutsTheRefObjectInTheField_AndRerunsGiveTheSameId()
    {
        var fileId = await UploadAsync(MediaCorpus.PathOf("face_swapped.jpg"), "image/jpeg");
        var request = $$$$"""{"name": "image/blur-faces", "inputs": {"image": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}, "config": {"json_schema": {{{{ImageRefSchema}}}}}}""";

        var first = await RunAsync(request);
        var second = await RunAsync(request);

        var reference = first["response"]!["image"]!.AsObject();
        var id = reference["id"]!.GetValue<string>();
        Assert.Matches("^img_[0-9a-f]{6}$", id);
        Assert.Equal(id, second["response"]!["image"]!["id"]!.GetValue<string>());
        Assert.Equal(id, Assert.Single(first["artifacts"]!.AsArray())!["object_id"]!.GetValue<string>());
        var (_, a) = await ArtifactAsync(first, id);
        var (_, b) = await ArtifactAsync(second, id);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task RedactText_AndOcr_OnAScannedInvoice()
    {
        var fileId = await UploadAsync(await ImageTools.InvoicePageAsync(), "image/png");

        var redacted = await RunAsync($$$$"""{"name": "image/redact-text", "inputs": {"image": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}, "config": {"patterns": ["\\d{2}-\\d{2}-\\d{2}"]}}""");
        var read = await RunAsync($$$$"""{"name": "image/ocr", "inputs": {"image": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");

        Assert.Equal("completed", redacted["status"]!.GetValue<string>());
        var redaction = Assert.Single(redacted["response"]!["redactions"]!.AsArray())!;
        Assert.StartsWith("12-34-56", redaction["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var (type, bytes) = await ArtifactAsync(redacted, redacted["response"]!["image"]!.GetValue<string>());
        Assert.Equal(("image/png", 0x89), (type, bytes[0]));
        Assert.Contains("Total due", read["response"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlurFaces_OfAFileThatIsNoImage_FailsAsInvalidInput()
    {
        var file = await Client.UploadAsync("just some text"u8.ToArray(), "notes.txt", "text/plain");

        var done = await RunAsync($$$$"""{"name": "image/blur-faces", "inputs": {"image": {"type": "input_file", "file_id": "{{{{file["id"]}}}}"}}}""");

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
    }

    private async Task<string> UploadAsync(string path, string contentType)
    {
        var file = await Client.UploadAsync(await File.ReadAllBytesAsync(path), Path.GetFileName(path), contentType);
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
