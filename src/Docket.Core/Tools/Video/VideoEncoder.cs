using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools.Video;

/// <summary>Encodes (part of) a video file to H.264 MP4 and stores it as a <c>vid</c> artifact.</summary>
internal static class VideoEncoder
{
    /// <param name="start">Seconds into the input to begin at.</param>
    /// <param name="duration">Seconds to keep; null for the rest.</param>
    /// <param name="filter">Video filters before the even-size crop, or null.</param>
    public static async Task<JsonObject> EncodeAsync(Ffmpeg ffmpeg, ToolContext context, ToolFile file, VideoInfo info, double start, double? duration, string? filter, string fileName, CancellationToken cancellationToken)
    {
        var path = context.NewPath(".mp4");
        List<string> arguments = [];
        if (start > 0)
        {
            arguments.AddRange(["-ss", VideoArtifacts.Seconds(start)]);
        }

        arguments.AddRange(Ffmpeg.Input(file.Path));
        if (duration is { } d)
        {
            arguments.AddRange(["-t", VideoArtifacts.Seconds(d)]);
        }

        arguments.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-vf", filter is null ? Ffmpeg.EvenSize : filter + "," + Ffmpeg.EvenSize]);
        arguments.AddRange(Ffmpeg.AudioOutput(info));
        arguments.AddRange(ffmpeg.H264Output(path));
        await ffmpeg.RunFfmpegAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            throw ExecutionFailedException.ToolError($"ffmpeg wrote no video for {file.FileName}.");
        }

        var output = await ffmpeg.ProbeAsync(new ToolFile(path, fileName, "video/mp4"), cancellationToken).ConfigureAwait(false);
        var id = await context.AddArtifactAsync("vid", "video/mp4", path, fileName, cancellationToken).ConfigureAwait(false);
        var result = output.ToJson();
        result.Remove("format");
        result.Insert(0, "video", id);
        return result;
    }
}
