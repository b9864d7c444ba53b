using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools.Video;

/// <summary><c>video.frames</c>: one frame every <c>interval</c> seconds, as images, in one decoding pass.</summary>
public sealed class FramesTool(Ffmpeg ffmpeg) : ITool
{
    private const int MaxFrames = 1000;

    public string Name => "video.frames";

    public string Toolset => "video";

    public string Description => "Takes a frame every `interval` seconds between `start` and `end` (at most `max_frames`) as PNG or JPEG images.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["interval"] = new JsonObject { ["type"] = "number", ["minimum"] = 0.04, ["default"] = 1, ["description"] = "Seconds between frames." },
            ["start"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["default"] = 0 },
            ["end"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["description"] = "Defaults to the end of the video." },
            ["max_frames"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxFrames, ["default"] = 100 },
            ["width"] = VideoSchema.Width,
            ["format"] = VideoSchema.ImageFormat,
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var interval = ToolArgs.Number(arguments, Name, "interval", 0.04, 86_400) ?? 1;
        var start = ToolArgs.Number(arguments, Name, "start", 0, double.MaxValue) ?? 0;
        var end = ToolArgs.Number(arguments, Name, "end", 0, double.MaxValue);
        var maxFrames = ToolArgs.Integer(arguments, Name, "max_frames", 1, MaxFrames) ?? 100;
        var width = ToolArgs.Integer(arguments, Name, "width", 16, 4096);
        var format = ToolArgs.Choice(arguments, Name, "format", "png", "jpeg");
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);
        var stop = Math.Min(end ?? info.Duration, info.Duration);
        if (start >= stop)
        {
            throw ToolArgs.Bad(Name, "start", string.Create(CultureInfo.InvariantCulture, $"must be before the end ({VideoArtifacts.Seconds(stop)} s)"));
        }

        var (extension, contentType, codec) = VideoArtifacts.Image(format);
        var directory = Path.Combine(context.WorkDirectory, Path.GetFileName(context.NewPath("-frames")));
        Directory.CreateDirectory(directory);
        // The fps filter keeps the frame nearest each multiple of the interval; one pass decodes
        // the stretch once instead of seeking for every frame.
        var filter = string.Create(CultureInfo.InvariantCulture, $"fps=1/{interval:0.######}") + (VideoArtifacts.Scale(width, info) is { } scale ? "," + scale : string.Empty);
        await ffmpeg.RunFfmpegAsync(
            [
                "-ss", VideoArtifacts.Seconds(start), .. Ffmpeg.Input(file.Path), "-t", VideoArtifacts.Seconds(stop - start),
                "-map", "0:v:0", "-vf", filter, "-frames:v", maxFrames.ToString(CultureInfo.InvariantCulture),
                .. codec, "-f", "image2", "-y", "file:" + Path.Combine(directory, "frame-%05d" + extension),
            ],
            cancellationToken).ConfigureAwait(false);

        var written = Directory.GetFiles(directory, "frame-*" + extension).Order(StringComparer.Ordinal).ToList();
        if (written.Count == 0)
        {
            throw ExecutionFailedException.ToolError($"ffmpeg decoded no frames of {file.FileName}.");
        }

        var frames = new JsonArray();
        for (var i = 0; i < written.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{VideoArtifacts.Stem(file)}-frame-{i + 1:D4}{extension}");
            var id = await context.AddArtifactAsync("img", contentType, written[i], name, cancellationToken).ConfigureAwait(false);
            frames.Add(new JsonObject { ["time"] = VideoArtifacts.Round(start + (i * interval)), ["image"] = id });
        }

        return new JsonObject { ["frames"] = frames, ["interval"] = interval, ["video"] = info.ToJson() };
    }
}
