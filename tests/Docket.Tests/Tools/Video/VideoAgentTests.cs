using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;

namespace Docket.Tests.Tools.Video;

/// <summary>video/thumbnails and video/keyframes through the HTTP API, as the SDKs call them (no toolsets).</summary>
public sealed class VideoAgentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Thumbnails_OfTheCorpusVideo_AreDecodablePngsOfTheAskedWidth()
    {
        var fileId = await UploadVtestAsync();

        var done = await RunAsync($$$"""{"name": "video/thumbnails", "inputs": {"video": {"type": "input_file", "file_id": "{{{fileId}}}"}}, "config": {"count": 3, "width": 200}}""");

        var thumbnails = done["response"]!["thumbnails"]!.AsArray();
        Assert.Equal([13.25, 39.75, 66.25], thumbnails.Select(t => t!["time"]!.GetValue<double>()));
        foreach (var thumbnail in thumbnails)
        {
            var (contentType, bytes) = await ArtifactAsync(done, thumbnail!["image"]!.GetValue<string>());
            Assert.Equal("image/png", contentType);
            Assert.Equal((200, 150), MediaProbe.Image(bytes));
        }

        Assert.Contains("video", done["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Keyframes_StartAtTheFirstFrame_AndFillAListOfImageRefsTheSchemaAsksFor()
    {
        var fileId = await UploadVtestAsync();
        const string schema = """{"$defs": {"ImageRef": {"properties": {"id": {"pattern": "^img_\\w{6}$", "title": "Id", "type": "string"}}, "required": ["id"], "title": "ImageRef", "type": "object"}}, "properties": {"frames": {"items": {"$ref": "#/$defs/ImageRef"}, "type": "array"}}, "required": ["frames"], "type": "object"}""";

        var done = await RunAsync($$$"""{"name": "video/keyframes", "inputs": {"video": {"type": "input_file", "file_id": "{{{fileId}}}"}}, "config": {"max_frames": 6, "json_schema": {{{schema}}}}}""");

        var keyframes = done["response"]!["keyframes"]!.AsArray();
        Assert.InRange(keyframes.Count, 2, 6);
        Assert.Equal(0, keyframes[0]!["time"]!.GetValue<double>());
        var times = keyframes.Select(k => k!["time"]!.GetValue<double>()).ToList();
        Assert.Equal(times.Order(), times);
        var refs = done["response"]!["frames"]!.AsArray();
        Assert.Equal(keyframes.Select(k => k!["image"]!.GetValue<string>()), refs.Select(r => r!["id"]!.GetValue<string>()));
        foreach (var reference in refs)
        {
            var (contentType, bytes) = await ArtifactAsync(done, reference!["id"]!.GetValue<string>());
            Assert.Equal("image/png", contentType);
            Assert.Equal((768, 576), MediaProbe.Image(bytes));
        }
    }

    [Fact]
    public async Task Thumbnails_OfAFileThatIsNoVideo_FailAsInvalidInput()
    {
        var file = await Client.UploadAsync("just some text, not a video"u8.ToArray(), "notes.txt", "text/plain");
        var fileId = file["id"]!.GetValue<string>();

        var done = await RunAsync($$$$"""{"name": "video/thumbnails", "inputs": {"video": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
    }

    private async Task<string> UploadVtestAsync()
    {
        var file = await Client.UploadAsync(await File.ReadAllBytesAsync(MediaProbe.Corpus("vtest.avi")), "vtest.avi", "video/x-msvideo");
        return file["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> RunAsync(string request)
    {
        var id = await Client.ExecuteAsync(request);
        return await Client.WaitAsync(id, 120);
    }

    private async Task<(string ContentType, byte[] Bytes)> ArtifactAsync(JsonObject execution, string objectId)
    {
        using var response = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={execution["id"]}");
        Assert.True(response.IsSuccessStatusCode, $"artifact {objectId}: {(int)response.StatusCode}");
        return (response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsByteArrayAsync());
    }
}
