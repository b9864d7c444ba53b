using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary><c>video.thumbnails</c>: evenly spaced frames of a video as images.</summary>
public sealed class ThumbnailsTool(Ffmpeg ffmpeg) : ITool
{
    public string Name => "video.thumbnails";

    public string Toolset => "video";

    public string Description => "Takes `count` frames spread evenly over a video (the middle of each equal part) as PNG or JPEG images.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["count"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 50, ["default"] = 4 },
            ["width"] = VideoSchema.Width,
            ["format"] = VideoSchema.ImageFormat,
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var count = ToolArgs.Integer(arguments, Name, "count", 1, 50) ?? 4;
        var width = ToolArgs.Integer(arguments, Name, "width", 16, 4096) ?? 320;
        var format = ToolArgs.Choice(arguments, Name, "format", "png", "jpeg");
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);

        var thumbnails = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var time = VideoArtifacts.Round(info.Duration * (i + 0.5) / count);
            var name = string.Create(CultureInfo.InvariantCulture, $"{VideoArtifacts.Stem(file)}-thumbnail-{i + 1:D2}");
            var id = await FrameGrabber.GrabAsync(ffmpeg, context, file, info, time, width, format, name, cancellationToken).ConfigureAwait(false);
            thumbnails.Add(new JsonObject { ["time"] = time, ["image"] = id });
        }

        return new JsonObject { ["thumbnails"] = thumbnails, ["video"] = info.ToJson() };
    }
}
