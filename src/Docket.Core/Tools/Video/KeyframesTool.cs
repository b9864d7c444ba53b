using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary>
/// <c>video.keyframes</c>: the frames where the picture has changed enough since the previous
/// keyframe. ffmpeg's scene score (0 = same picture, 1 = entirely new) is summed frame by frame
/// from the last keyframe, so a cut gives a keyframe at once and slow change (a pan, people
/// walking through) gives one once enough of it has built up. The first frame is always one.
/// </summary>
public sealed class KeyframesTool(Ffmpeg ffmpeg) : ITool
{
    private const int MaxFrames = 100;

    public string Name => "video.keyframes";

    public string Toolset => "video";

    public string Description => "Finds the frames where the picture changes (cuts, or enough gradual change since the last keyframe) and returns them as images with their times.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["video"] = VideoSchema.FileArgument,
            ["threshold"] = new JsonObject { ["type"] = "number", ["minimum"] = 0.01, ["maximum"] = 10, ["default"] = 0.3, ["description"] = "How much the picture must change since the last keyframe (scene score summed over frames; a cut is about 0.3–1)." },
            ["min_gap"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["default"] = 1, ["description"] = "Least seconds between keyframes." },
            ["max_frames"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxFrames, ["default"] = 10 },
            ["width"] = VideoSchema.Width,
            ["format"] = VideoSchema.ImageFormat,
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var threshold = ToolArgs.Number(arguments, Name, "threshold", 0.01, 10) ?? 0.3;
        var minGap = ToolArgs.Number(arguments, Name, "min_gap", 0, 86_400) ?? 1;
        var maxFrames = ToolArgs.Integer(arguments, Name, "max_frames", 1, MaxFrames) ?? 10;
        var width = ToolArgs.Integer(arguments, Name, "width", 16, 4096);
        var format = ToolArgs.Choice(arguments, Name, "format", "png", "jpeg");
        var file = context.ResolveFile(arguments["video"], "video");
        var info = await ffmpeg.ProbeAsync(file, cancellationToken).ConfigureAwait(false);

        var scores = await SceneScoresAsync(file, cancellationToken).ConfigureAwait(false);
        var chosen = Choose(scores, threshold, minGap);
        // Too many: ask for more change per keyframe until they fit, which keeps them spread out.
        while (chosen.Count > maxFrames)
        {
            threshold *= 1.5;
            chosen = Choose(scores, threshold, minGap);
        }

        var keyframes = new JsonArray();
        for (var i = 0; i < chosen.Count; i++)
        {
            var (time, change) = chosen[i];
            var name = string.Create(CultureInfo.InvariantCulture, $"{VideoArtifacts.Stem(file)}-keyframe-{i + 1:D2}");
            // Half a frame early: the seek then lands on this frame even when its time was rounded.
            var id = await FrameGrabber.GrabAsync(ffmpeg, context, file, info, Math.Max(0, time - (0.5 / info.FrameRate)), width, format, name, cancellationToken).ConfigureAwait(false);
            keyframes.Add(new JsonObject { ["time"] = VideoArtifacts.Round(time), ["change"] = Math.Round(change, 3), ["image"] = id });
        }

        return new JsonObject { ["keyframes"] = keyframes, ["video"] = info.ToJson() };
    }

    /// <summary>Keyframe times and the change that made each one, for a threshold.</summary>
    internal static List<(double Time, double Change)> Choose(IReadOnlyList<(double Time, double Score)> scores, double threshold, double minGap)
    {
        var chosen = new List<(double, double)>();
        if (scores.Count == 0)
        {
            return chosen;
        }

        chosen.Add((scores[0].Time, 1.0));
        var last = scores[0].Time;
        var change = 0.0;
        foreach (var (time, score) in scores.Skip(1))
        {
            change += score;
            if (change >= threshold && time - last >= minGap)
            {
                chosen.Add((time, change));
                last = time;
                change = 0;
            }
        }

        return chosen;
    }

    /// <summary>Every frame's time and scene score, from one decoding pass on a small copy of the picture.</summary>
    private async Task<List<(double Time, double Score)>> SceneScoresAsync(ToolFile file, CancellationToken cancellationToken)
    {
        // metadata prints each frame's "frame:N pts:P pts_time:T" line and then its
        // lavfi.scene_score to standard output (pipe:1; the colon escaped for the option parser).
        var output = await ffmpeg.RunFfmpegAsync(
            [.. Ffmpeg.Input(file.Path), "-map", "0:v:0", "-an", "-vf", @"scale=160:-2,select=gte(scene\,0),metadata=mode=print:file=pipe\\:1", "-f", "null", "-"],
            cancellationToken).ConfigureAwait(false);
        var scores = new List<(double, double)>();
        double? time = null;
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
            if (at >= 0)
            {
                time = double.TryParse(line[(at + 9)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
            }
            else if (line.StartsWith("lavfi.scene_score=", StringComparison.Ordinal) && time is { } frameTime
                && double.TryParse(line[18..], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                scores.Add((frameTime, double.IsFinite(score) ? score : 0));
                time = null;
            }
        }

        return scores;
    }
}
