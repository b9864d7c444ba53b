using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Tools;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Tools.Video;

/// <summary>The video tools on the corpus video (768x576, 10 fps, 795 frames, 79.5 s, MS-MPEG4), with the real ffmpeg.</summary>
public sealed class VideoToolTests
{
    private static readonly string Vtest = MediaProbe.Corpus("vtest.avi");

    private static Ffmpeg NewFfmpeg(double timeoutSeconds = 300) =>
        new(Options.Create(new VideoOptions()), Options.Create(new ToolOptions { TimeoutSeconds = timeoutSeconds }));

    [Fact]
    public async Task Probe_DescribesTheCorpusVideo()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Vtest)]);

        var result = await new ProbeTool(NewFfmpeg()).RunAsync(harness.Context, [], CancellationToken.None);

        Assert.Equal(768, result["width"]!.GetValue<int>());
        Assert.Equal(576, result["height"]!.GetValue<int>());
        Assert.Equal(10, result["fps"]!.GetValue<double>());
        Assert.Equal(795, result["frames"]!.GetValue<long>());
        Assert.Equal(79.5, result["duration"]!.GetValue<double>());
        Assert.Equal("msmpeg4v3", result["video_codec"]!.GetValue<string>());
        Assert.Null(result["audio_codec"]);
    }

    [Fact]
    public async Task Probe_OfAFileThatIsNoVideo_IsInvalidInput()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Path.Combine(AppContext.BaseDirectory, "Docket.Tests.dll"))]);

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => new ProbeTool(NewFfmpeg()).RunAsync(harness.Context, [], CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("Docket.Tests.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trim_GivesAnH264Mp4OfExactlyTheStretch()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Vtest)]);

        var result = await new TrimTool(NewFfmpeg()).RunAsync(harness.Context, new JsonObject { ["start"] = 10, ["end"] = 14.5 }, CancellationToken.None);

        var id = result["video"]!.GetValue<string>();
        Assert.StartsWith("vid_", id, StringComparison.Ordinal);
        Assert.Equal("video/mp4", harness.ContentTypeOf(id));
        var video = await MediaProbe.VideoAsync(harness.PathOf(id));
        Assert.Equal("h264", video.Codec);
        Assert.Equal("yuv420p", video.PixelFormat);
        Assert.Equal(45, video.Frames);
        Assert.InRange(video.Duration, 4.4, 4.6);
        Assert.Equal(45, result["frames"]!.GetValue<long>());
    }

    [Fact]
    public async Task Transcode_ScalesDownToFitAndKeepsEveryFrame()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Vtest)]);

        var result = await new TranscodeTool(NewFfmpeg()).RunAsync(harness.Context, new JsonObject { ["max_width"] = 320 }, CancellationToken.None);

        var video = await MediaProbe.VideoAsync(harness.PathOf(result["video"]!.GetValue<string>()));
        Assert.Equal(("h264", 795L, 320, 240), (video.Codec, video.Frames, video.Width, video.Height));
        Assert.InRange(video.Duration, 79.4, 79.6);
    }

    [Fact]
    public async Task Frames_OneEveryTenSeconds_AreDecodableImagesAtTheirTimes()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Vtest)]);

        var result = await new FramesTool(NewFfmpeg()).RunAsync(harness.Context, new JsonObject { ["interval"] = 10, ["width"] = 192, ["format"] = "jpeg" }, CancellationToken.None);

        var frames = result["frames"]!.AsArray();
        Assert.Equal([0.0, 10, 20, 30, 40, 50, 60, 70], frames.Select(f => f!["time"]!.GetValue<double>()));
        foreach (var frame in frames)
        {
            var id = frame!["image"]!.GetValue<string>();
            Assert.Equal("image/jpeg", harness.ContentTypeOf(id));
            Assert.Equal((192, 144), MediaProbe.Image(await File.ReadAllBytesAsync(harness.PathOf(id))));
        }
    }

    [Fact]
    public async Task Frames_WithAStartPastTheEnd_IsInvalidInput()
    {
        using var harness = new ToolHarness([ToolHarness.File("video", Vtest)]);

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => new FramesTool(NewFfmpeg()).RunAsync(harness.Context, new JsonObject { ["start"] = 100 }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("'start'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyframes_SumChangeSinceTheLastKeyframe_AndKeepTheirDistance()
    {
        (double, double)[] scores = [(0, 0), (0.1, 0.2), (0.2, 0.2), (0.3, 0.9), (1.5, 0.05), (2.5, 0.1), (3.5, 0.2)];

        var chosen = KeyframesTool.Choose(scores, 0.3, 1);

        // 0.3 s has enough change but is too close to 0; 1.5 s carries the sum (0.2 + 0.9 + 0.05).
        Assert.Equal([0.0, 1.5, 3.5], chosen.Select(c => c.Time));
    }

    [Fact]
    public async Task Ffmpeg_ReadingAnEndlessInput_IsKilledAtTheTimeLimitAsAToolError()
    {
        var ffmpeg = NewFfmpeg(timeoutSeconds: 1);
        var started = DateTime.UtcNow;

        // -re reads the generated source in real time and it never ends: ffmpeg would run forever.
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ffmpeg.RunFfmpegAsync(
            ["-re", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-f", "null", "-"], CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("took longer than 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }
}
