using System.Text.Json.Nodes;
using Docket.Tools.Image;

namespace Docket.Tools.Video;

/// <summary><c>video.blur_faces</c>: the video with every face blurred, as H.264 MP4 with the same frames, frame rate and audio.</summary>
public sealed class BlurFacesTool(Ffmpeg ffmpeg, FaceDetector detector) : ITool
{
    /// <summary>Faces are searched this many times a second unless <c>detect_every</c> says otherwise.</summary>
    private const double SearchesPerSecond = 3;

    /// <summary>
    /// Frames are searched at this size on their long side: the cascades' cost grows with the
    /// area, and at 320 a face of 20 pixels (1/16 of the side) is still found, enough to keep a
    /// 640x480 video above real time on two cores.
    /// </summary>
    private const int DefaultSearchSize = 320;

    public string Name => "video.blur_faces";

    public string Toolset => "video";

    public string Description => "Blurs every face in a video (searched every few frames, followed in between) and returns it as H.264 MP4 with the same frame count, frame rate and audio.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["detect_every"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 300, ["description"] = "Search for faces on every n-th frame (default: three times a second)." },
            ["search_size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 160, ["maximum"] = 4096, ["default"] = DefaultSearchSize, ["description"] = "Long side of the copy faces are searched in; larger finds smaller faces (about 1/16 of it), slower." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var detectEvery = ToolArgs.Integer(arguments, Name, "detect_every", 1, 300);
        var searchSize = ToolArgs.Integer(arguments, Name, "search_size", 160, 4096) ?? DefaultSearchSize;
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);
        var every = detectEvery ?? Math.Max(1, (int)Math.Round(info.FrameRate / SearchesPerSecond));

        var path = context.NewPath(".mp4");
        var result = await new FaceBlurPipeline(ffmpeg, detector).RunAsync(file, info, path, every, searchSize, cancellationToken).ConfigureAwait(false);
        var output = await ffmpeg.ProbeAsync(new ToolFile(path, file.FileName, "video/mp4"), cancellationToken).ConfigureAwait(false);
        var id = await context.AddArtifactAsync("vid", "video/mp4", path, VideoArtifacts.Stem(file) + "-blurred.mp4", cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["video"] = id,
            ["faces"] = result["faces"]!.DeepClone(),
            ["frames"] = result["frames"]!.DeepClone(),
            ["frames_with_faces"] = result["frames_with_faces"]!.DeepClone(),
            ["detect_every"] = every,
            ["duration"] = Math.Round(output.Duration, 3),
            ["fps"] = Math.Round(output.FrameRate, 3),
            ["width"] = output.Width,
            ["height"] = output.Height,
        };
    }
}
