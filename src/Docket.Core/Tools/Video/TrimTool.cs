using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary><c>video.trim</c>: the stretch between two times, re-encoded to H.264 MP4 so the cut is frame-exact.</summary>
public sealed class TrimTool(Ffmpeg ffmpeg) : ITool
{
    public string Name => "video.trim";

    public string Toolset => "video";

    public string Description => "Cuts a video to the stretch from `start` to `end` seconds (frame-exact; re-encoded as H.264 MP4).";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["start"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["default"] = 0 },
            ["end"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["description"] = "Defaults to the end of the video." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = ToolArgs.Number(arguments, Name, "start", 0, double.MaxValue) ?? 0;
        var end = ToolArgs.Number(arguments, Name, "end", 0, double.MaxValue);
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);
        var stop = Math.Min(end ?? info.Duration, info.Duration);
        if (start >= stop)
        {
            throw ToolArgs.Bad(Name, "start", string.Create(CultureInfo.InvariantCulture, $"must be before the end ({VideoArtifacts.Seconds(stop)} s)"));
        }

        var result = await VideoEncoder.EncodeAsync(ffmpeg, context, file, info, start, stop - start, null, VideoArtifacts.Stem(file) + "-trimmed.mp4", cancellationToken).ConfigureAwait(false);
        result["start"] = VideoArtifacts.Round(start);
        result["end"] = VideoArtifacts.Round(stop);
        return result;
    }
}
