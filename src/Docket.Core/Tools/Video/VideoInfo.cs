using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools.Video;

/// <summary>What ffprobe says about a video file: its first video stream, first audio stream and container.</summary>
public sealed record VideoInfo
{
    public required string Format { get; init; }

    /// <summary>Seconds; the container's duration, else the video stream's.</summary>
    public required double Duration { get; init; }

    /// <summary>Width and height of the decoded picture, after the rotation ffmpeg applies on decode.</summary>
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required string VideoCodec { get; init; }

    /// <summary>Frames per second as ffmpeg writes it (<c>30000/1001</c>), for the encoder's <c>-r</c>.</summary>
    public required string FrameRateText { get; init; }

    public required double FrameRate { get; init; }

    /// <summary>The container's frame count, else duration × frame rate.</summary>
    public required long FrameCount { get; init; }

    public string? AudioCodec { get; init; }

    public long Bytes { get; init; }

    public bool HasAudio => AudioCodec is not null;

    public JsonObject ToJson() => new()
    {
        ["format"] = Format,
        ["duration"] = Math.Round(Duration, 3),
        ["width"] = Width,
        ["height"] = Height,
        ["fps"] = Math.Round(FrameRate, 3),
        ["frames"] = FrameCount,
        ["video_codec"] = VideoCodec,
        ["audio_codec"] = AudioCodec,
        ["bytes"] = Bytes,
    };

    /// <summary>Reads ffprobe's <c>-show_format -show_streams</c> JSON; a file with no video stream is invalid input.</summary>
    public static VideoInfo Parse(string json, string name)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw ExecutionFailedException.InvalidInput($"{name}: ffprobe gave no description of it.");
        var streams = (root["streams"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var video = streams.FirstOrDefault(s => Text(s, "codec_type") == "video" && s["disposition"]?["attached_pic"]?.GetValue<int>() != 1)
            ?? throw ExecutionFailedException.InvalidInput($"{name} has no video stream.");
        var audio = streams.FirstOrDefault(s => Text(s, "codec_type") == "audio");
        var format = root["format"] as JsonObject ?? [];

        var width = Int(video, "width");
        var height = Int(video, "height");
        if (width <= 0 || height <= 0)
        {
            throw ExecutionFailedException.InvalidInput($"{name}: its video stream has no picture size.");
        }

        if (Math.Abs(Rotation(video)) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        var rateText = Rate(Text(video, "avg_frame_rate")) > 0 ? Text(video, "avg_frame_rate")! : Text(video, "r_frame_rate") ?? "0/1";
        var rate = Rate(rateText);
        if (rate is <= 0 or > 1000)
        {
            throw ExecutionFailedException.InvalidInput($"{name}: its video stream has no usable frame rate ({rateText}).");
        }

        var duration = Number(format, "duration") is > 0 and var d ? d : Number(video, "duration");
        var frames = long.TryParse(Text(video, "nb_frames"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : (long)Math.Round(duration * rate);
        return new VideoInfo
        {
            Format = Text(format, "format_name") ?? "unknown",
            Duration = duration,
            Width = width,
            Height = height,
            VideoCodec = Text(video, "codec_name") ?? "unknown",
            FrameRateText = rateText,
            FrameRate = rate,
            FrameCount = frames,
            AudioCodec = audio is null ? null : Text(audio, "codec_name") ?? "unknown",
            Bytes = (long)Number(format, "size"),
        };
    }

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int Int(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    private static double Number(JsonObject o, string key) =>
        o[key] is JsonValue v && (v.TryGetValue<double>(out var d) || double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) ? d : 0;

    /// <summary>A rational such as <c>30000/1001</c> as a number; 0 for anything unusable.</summary>
    private static double Rate(string? text)
    {
        var parts = (text ?? string.Empty).Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && den > 0
            ? num / den
            : 0;
    }

    /// <summary>Rotation in degrees from the display matrix (or the older <c>rotate</c> tag).</summary>
    private static int Rotation(JsonObject video)
    {
        foreach (var side in (video["side_data_list"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (side["rotation"] is JsonValue r && r.TryGetValue<int>(out var degrees))
            {
                return degrees;
            }
        }

        return int.TryParse(video["tags"]?["rotate"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tag) ? tag : 0;
    }
}
