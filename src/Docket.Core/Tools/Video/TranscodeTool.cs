using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary><c>video.transcode</c>: any video ffmpeg reads to H.264 MP4 (AAC audio), optionally made smaller.</summary>
public sealed class TranscodeTool(Ffmpeg ffmpeg) : ITool
{
    public string Name => "video.transcode";

    public string Toolset => "video";

    public string Description => "Re-encodes a video as H.264 MP4 that plays everywhere (yuv420p, AAC audio), scaled down to fit `max_width` × `max_height` when given.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["max_width"] = new JsonObject { ["type"] = "integer", ["minimum"] = 16, ["maximum"] = 8192 },
            ["max_height"] = new JsonObject { ["type"] = "integer", ["minimum"] = 16, ["maximum"] = 8192 },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var maxWidth = ToolArgs.Integer(arguments, Name, "max_width", 16, 8192);
        var maxHeight = ToolArgs.Integer(arguments, Name, "max_height", 16, 8192);
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);

        string? filter = null;
        var factor = Math.Min(Math.Min(1.0, (double)(maxWidth ?? info.Width) / info.Width), (double)(maxHeight ?? info.Height) / info.Height);
        if (factor < 1)
        {
            // Even sizes computed here, so the picture keeps its aspect ratio within a pixel.
            var width = Math.Max(2, (int)Math.Floor(info.Width * factor / 2) * 2);
            var height = Math.Max(2, (int)Math.Floor(info.Height * factor / 2) * 2);
            filter = string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bicubic");
        }

        return await VideoEncoder.EncodeAsync(ffmpeg, context, file, info, 0, null, filter, VideoArtifacts.Stem(file) + ".mp4", cancellationToken).ConfigureAwait(false);
    }
}
