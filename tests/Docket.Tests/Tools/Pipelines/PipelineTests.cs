using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;
using Docket.Tests.Tools.Image;
using OpenCvSharp;

namespace Docket.Tests.Tools.Pipelines;

/// <summary>config.steps through the HTTP API: checked at submit time, run by the worker with its artifacts stored.</summary>
public sealed class PipelineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Steps_DetectBlurAndAnnotate_PassResultsAndArtifactsAlong()
    {
        var fileId = await UploadAsync("messi5.jpg");
        var request = Request(fileId, """
            [
              {"id": "faces", "tool": "image.detect_faces", "arguments": {"image": "$inputs.photo"}},
              {"id": "blur", "tool": "image.blur", "arguments": {"image": "$inputs.photo", "boxes": "$steps.faces.faces"}},
              {"id": "mark", "tool": "image.annotate", "arguments": {"image": "$steps.blur.image", "boxes": "$steps.faces.faces.*.box", "colour": "#00ff00"}}
            ]
            """, """["image"]""");

        var done = await Client.WaitAsync(await Client.ExecuteAsync(request), 120);

        Assert.True(done["status"]!.GetValue<string>() == "completed", done.ToJsonString());
        var steps = done["response"]!["steps"]!.AsArray();
        Assert.Equal(["faces", "blur", "mark"], steps.Select(s => s!["id"]!.GetValue<string>()));
        var faces = steps[0]!["result"]!["faces"]!.AsArray().Select(f => BlurCheck.Box(f!)).ToList();
        Assert.NotEmpty(faces);
        var blurred = steps[1]!["result"]!["image"]!.GetValue<string>();
        var marked = done["response"]!["result"]!["image"]!.GetValue<string>();
        Assert.Equal(marked, steps[2]!["result"]!["image"]!.GetValue<string>());
        Assert.Equal([blurred, marked], done["artifacts"]!.AsArray().Select(a => a!["object_id"]!.GetValue<string>()));
        BlurCheck.AssertFacesHidden(MediaCorpus.PathOf("messi5.jpg"), await ArtifactAsync(done, blurred), faces);
        using var annotated = Cv2.ImDecode(await ArtifactAsync(done, marked), ImreadModes.Unchanged);
        Assert.Equal(new Vec3b(0, 255, 0), annotated.At<Vec3b>(faces[0].Top, faces[0].Left + (faces[0].Width / 2)));
        Assert.Equal(3, done["usage"]!["steps"]!.GetValue<int>());
        var (status, logged) = await Client.GetJsonAsync($"agent/executions/{done["id"]}/steps");
        Assert.Equal(200, status);
        var items = (logged as JsonArray ?? logged!["items"]!.AsArray()).Select(x => x!).ToList();
        Assert.Equal(["image.detect_faces", "image.blur", "image.annotate"], items.Select(x => x["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""[{"id": "faces", "tool": "image.detect_faces"}, {"id": "blur", "tool": "image.blur", "arguments": {"boxes": "$steps.facez.faces"}}]""", """["image"]""", "config.steps[1] ('blur'): argument 'boxes' refers to step 'facez'")]
    [InlineData("""[{"id": "blur", "tool": "image.blur", "arguments": {"boxes": "$steps.blur.faces"}}]""", """["image"]""", "config.steps[0] ('blur'): argument 'boxes' refers to step 'blur', which is not an earlier step")]
    [InlineData("""[{"tool": "image.crop", "arguments": {"image": "$inputs.picture"}}]""", """["image"]""", "config.steps[0] ('step1'): argument 'image' refers to input 'picture'")]
    [InlineData("""[{"tool": "image.blurr"}]""", """["image"]""", "config.steps[0] ('step1'): there is no tool 'image.blurr'")]
    [InlineData("""[{"tool": "image.grayscale"}]""", """["video"]""", "config.steps[0] ('step1'): tool 'image.grayscale' belongs to the 'image' toolset, which this execution does not have")]
    [InlineData("""[{"tool": "image.grayscale"}]""", "null", "which this execution does not have; add \"image\" to 'toolsets' (it has core)")]
    [InlineData("""[{"tool": "image.crop", "arguments": {"rect": [0, 0, 1, 1]}}]""", """["image"]""", "config.steps[0] ('step1'): tool 'image.crop' has no argument 'rect'")]
    [InlineData("""[{"tool": "image.crop", "arguments": {"box": "$step.x"}}]""", """["image"]""", "config.steps[0] ('step1'): argument 'box' holds '$step.x', which is no reference")]
    [InlineData("""[{"id": "a", "tool": "image.grayscale"}, {"id": "a", "tool": "image.grayscale"}]""", """["image"]""", "config.steps[1] ('a'): another step already has the id 'a'")]
    [InlineData("""{"tool": "image.grayscale"}""", """["image"]""", "'config.steps' must be a list of 1 to 50 steps")]
    public async Task Steps_ThatCannotRun_AreRefusedAtSubmit_NamingTheStep(string steps, string toolsets, string expected)
    {
        var (status, body) = await Client.PostJsonAsync("agent/execute", Request("file_unused", steps, toolsets, withInput: false));

        Assert.Equal(400, status);
        Assert.Equal("invalid_config", body!["code"]!.GetValue<string>());
        Assert.Contains(expected, body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_WithANamedBuiltInAgent_AreRefused()
    {
        var (status, body) = await Client.PostJsonAsync("agent/execute", """{"name": "image/blur-faces", "toolsets": ["image"], "config": {"steps": [{"tool": "image.grayscale"}]}}""");

        Assert.Equal(400, status);
        Assert.Contains("cannot run inside the built-in agent 'image/blur-faces'", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_WhosePathMissesAtRunTime_FailTheExecutionNamingTheStep()
    {
        var fileId = await UploadAsync("face_swapped.jpg");
        var request = Request(fileId, """[{"id": "faces", "tool": "image.detect_faces"}, {"id": "crop", "tool": "image.crop", "arguments": {"box": "$steps.faces.faces.5.box"}}]""", """["image"]""");

        var done = await Client.WaitAsync(await Client.ExecuteAsync(request), 120);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("config.steps[1] ('crop'): $steps.faces.faces.5.box has no item 5 of a list of 1", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image-gen", "image generation")]
    [InlineData("world_gen", "3D world generation")]
    public async Task GenerativeToolsets_OnTheBuiltInEngine_AreAnInvalidRequestNamingTheCapability(string toolset, string capability)
    {
        var (status, body) = await Client.PostJsonAsync("agent/execute", $$$"""{"name": "image/blur-faces", "toolsets": ["{{{toolset}}}"], "inputs": {"text": "hello"}}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid_request", body!["code"]!.GetValue<string>());
        Assert.Contains($"needs {capability}", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("built-in engine", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Request(string fileId, string steps, string toolsets, bool withInput = true)
    {
        var inputs = withInput ? new JsonObject { ["photo"] = new JsonObject { ["type"] = "input_file", ["file_id"] = fileId } } : [];
        return new JsonObject
        {
            ["toolsets"] = JsonNode.Parse(toolsets),
            ["inputs"] = inputs,
            ["config"] = new JsonObject { ["steps"] = JsonNode.Parse(steps) },
        }.ToJsonString();
    }

    private async Task<string> UploadAsync(string name)
    {
        var file = await Client.UploadAsync(await File.ReadAllBytesAsync(MediaCorpus.PathOf(name)), name, "image/jpeg");
        return file["id"]!.GetValue<string>();
    }

    private async Task<byte[]> ArtifactAsync(JsonObject execution, string objectId)
    {
        using var response = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={execution["id"]}");
        Assert.True(response.IsSuccessStatusCode, $"artifact {objectId}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
