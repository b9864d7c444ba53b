using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary><c>video.probe</c>: container, codecs, size, frame rate, duration and frame count of a video.</summary>
public sealed class ProbeTool(Ffmpeg ffmpeg) : ITool
{
    public string Name => "video.probe";

    public string Toolset => "video";

    public string Description => "Describes a video: container, codecs, width, height, fps, duration (s), frame count and size.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["video"] = VideoSchema.FileArgument },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);
        return info.ToJson();
    }
}
