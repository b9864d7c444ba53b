using Docket.Engine;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Samples;

/// <summary>samples/BlurFaces as a process, against a server where a stand-in answers as image/blur-faces.</summary>
public sealed class BlurFacesSampleTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-sample-blur-").FullName;
    private DocketTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await DocketTestServer.StartAsync(services: services => services.AddSingleton<IAgentHandler, BlurFacesStandIn>());

    [Fact]
    public async Task BlurFaces_DownloadsTheImageRef_AndDecodesItToTheInputsSize()
    {
        var input = Path.Combine(_directory, "team-photo.png");
        await File.WriteAllBytesAsync(input, TestPng.Create(37, 23));
        var output = Path.Combine(_directory, "blurred.png");

        var result = await CliProcess.RunAsync("BlurFaces.dll", ["--url", _server.BaseUrl, "--api-key", _server.AdminKey, "--out", output, input]);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Matches(@"^img_[0-9a-f]{6}: PNG 37x23, \d+ bytes, saved to ", result.Output);
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(output));
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

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("PNG 640x480", result.Output, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(Path.Combine(workingDirectory, "portrait-blurred.png")));
    }

    [Fact]
    public async Task BlurFaces_OfANonImage_ReportsTheFailedExecution_AndExits1()
    {
        var input = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(input, "not an image");

        var result = await CliProcess.RunAsync("BlurFaces.dll", ["--url", _server.BaseUrl, "--api-key", _server.AdminKey, input]);

        Assert.Equal(1, result.Code);
        Assert.Contains("needs a PNG image input", result.Error, StringComparison.Ordinal);
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
