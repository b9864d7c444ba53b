using Docket.Tests.Support;
using Docket.Tests.Tools.Image;
using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Tests.Samples;

/// <summary>samples/BlurFaces as a process, against a real server running the built-in image/blur-faces agent.</summary>
public sealed class BlurFacesSampleTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-sample-blur-").FullName;
    private DocketTestServer _server = null!;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    [Theory]
    [InlineData("messi5.jpg", "PNG 548x342")]
    [InlineData("basketball2.png", "PNG 640x480")]
    public async Task BlurFaces_SavesTheImageRefsBytes_WithTheFacesHidden(string name, string size)
    {
        var input = Path.Combine(_directory, name);
        File.Copy(MediaCorpus.PathOf(name), input);
        var output = Path.Combine(_directory, "blurred.png");

        var result = await CliProcess.RunAsync("BlurFaces.dll", ["--url", _server.BaseUrl, "--api-key", _server.AdminKey, "--out", output, input]);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Matches($@"^img_[0-9a-f]{{6}}: {size}, \d+ bytes, saved to ", result.Output);
        using var detector = new FaceDetector(new ImageToolOptions());
        var faces = detector.Detect(input, name).Select(f => f.Box).ToList();
        BlurCheck.AssertFacesHidden(input, await File.ReadAllBytesAsync(output), faces);
    }

    [Fact]
    public async Task BlurFaces_TakesTheServerFromTheEnvironment_AndNamesTheOutputAfterTheInput()
    {
        var input = Path.Combine(_directory, "portrait.png");
        await File.WriteAllBytesAsync(input, TestPng.Create(640, 480));
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_directory, "run")).FullName;

        var result = await CliProcess.RunAsync(
            "BlurFaces.dll",
            [input],
            new Dictionary<string, string?> { ["DOCKET_URL"] = _server.BaseUrl, ["DOCKET_API_KEY"] = _server.AdminKey },
            workingDirectory);

        // A picture with no face comes back with every pixel as it was.
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("PNG 640x480", result.Output, StringComparison.Ordinal);
        using var original = Cv2.ImRead(input, ImreadModes.Unchanged);
        using var saved = Cv2.ImRead(Path.Combine(workingDirectory, "portrait-blurred.png"), ImreadModes.Unchanged);
        Assert.Equal(0, Cv2.Norm(original, saved, NormTypes.L1));
    }

    [Fact]
    public async Task BlurFaces_OfANonImage_ReportsTheFailedExecution_AndExits1()
    {
        var input = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(input, "not an image");

        var result = await CliProcess.RunAsync("BlurFaces.dll", ["--url", _server.BaseUrl, "--api-key", _server.AdminKey, input]);

        Assert.Equal(1, result.Code);
        Assert.Contains("notes.txt is not an image", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlurFaces_WithoutAnImage_PrintsItsUsage_AndExits2()
    {
        var result = await CliProcess.RunAsync("BlurFaces.dll", ["--url", _server.BaseUrl]);

        Assert.Equal(2, result.Code);
        Assert.StartsWith("usage: BlurFaces", result.Error, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
