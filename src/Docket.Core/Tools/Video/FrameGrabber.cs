using Docket.Engine;

namespace Docket.Tools.Video;

/// <summary>One frame of a video at a time, as a PNG or JPEG artifact.</summary>
internal static class FrameGrabber
{
    /// <summary>
    /// Decodes the frame shown at <paramref name="time"/> (seeking to the keyframe before it, then
    /// decoding up to it, so the frame is exact) and stores it as an <c>img</c> artifact.
    /// </summary>
    public static async Task<string> GrabAsync(Ffmpeg ffmpeg, ToolContext context, ToolFile file, VideoInfo info, double time, int? width, string? format, string fileName, CancellationToken cancellationToken)
    {
        var (extension, contentType, codec) = VideoArtifacts.Image(format);
        var path = context.NewPath(extension);
        // The last frame starts one frame before the end; a seek past it yields nothing.
        var at = Math.Clamp(time, 0, Math.Max(0, info.Duration - (1 / info.FrameRate)));
        List<string> arguments = ["-ss", VideoArtifacts.Seconds(at), .. Ffmpeg.Input(file.Path), "-map", "0:v:0", "-frames:v", "1"];
        if (VideoArtifacts.Scale(width, info) is { } scale)
        {
            arguments.AddRange(["-vf", scale]);
        }

        arguments.AddRange([.. codec, "-f", "image2", "-update", "1", "-y", "file:" + path]);
        await ffmpeg.RunFfmpegAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            throw ExecutionFailedException.ToolError($"ffmpeg decoded no frame of {file.FileName} at {VideoArtifacts.Seconds(at)} s.");
        }

        return await context.AddArtifactAsync("img", contentType, path, fileName + extension, cancellationToken).ConfigureAwait(false);
    }
}
