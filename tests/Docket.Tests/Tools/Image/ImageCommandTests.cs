using System.Text.Json.Nodes;
using Docket.Tests.Client;
using Docket.Tests.Support;
using Docket.Tools.Image;

namespace Docket.Tests.Tools.Image;

/// <summary>`docket execute image/blur-faces` as a process against a real server.</summary>
public sealed class ImageCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-image-").FullName;

    [Fact]
    public async Task ExecuteBlurFaces_WithOut_SavesTheBlurredImage()
    {
        var photo = MediaCorpus.PathOf("face_swapped.jpg");
        var outDirectory = Path.Combine(_directory, "out");

        var result = await fixture.Server.DocketAsync("execute", "image/blur-faces", "-i", $"image={photo}", "--wait", "--out", outDirectory, "--json");

        Assert.True(result.Code == 0, result.ToString());
        var execution = JsonNode.Parse(result.Output)!;
        Assert.Equal("completed", execution["status"]!.GetValue<string>());
        var id = execution["response"]!["image"]!.GetValue<string>();
        var faces = execution["response"]!["faces"]!.AsArray().Select(f => BlurCheck.Box(f!)).ToList();
        using var detector = new FaceDetector(new ImageToolOptions());
        Assert.Equal(detector.Detect(photo, "photo").Select(f => f.Box), faces);
        BlurCheck.AssertFacesHidden(photo, await File.ReadAllBytesAsync(Path.Combine(outDirectory, id + ".png")), faces);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
