using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using SkiaSharp;

namespace Docket.Tests.Tools.Video;

/// <summary>What a user checks on media: ffprobe's own figures for a video, and that an image decodes.</summary>
public static class MediaProbe
{
    public static string Corpus(string name) => Path.Combine(TestDocuments.SharedCorpus, "media", name);

    /// <summary>Codec, frame count (counted by decoding) and duration of the first video stream.</summary>
    public static async Task<(string Codec, long Frames, double Duration, int Width, int Height, string PixelFormat)> VideoAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames,width,height,pix_fmt:format=duration", "-of", "json", path },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffprobe could not read {path}: {await process.StandardError.ReadToEndAsync()}");
        var json = JsonNode.Parse(output)!;
        var stream = json["streams"]![0]!;
        return (
            stream["codec_name"]!.GetValue<string>(),
            long.Parse(stream["nb_read_frames"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            double.Parse(json["format"]!["duration"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            stream["width"]!.GetValue<int>(),
            stream["height"]!.GetValue<int>(),
            stream["pix_fmt"]!.GetValue<string>());
    }

    /// <summary>Runs ffmpeg for a test (making a clip, taking out a frame); fails the test if it fails.</summary>
    public static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)}: {await errors}");
    }

    /// <summary>Frame number <paramref name="index"/> (from 0) of a video, as a PNG file.</summary>
    public static async Task<string> FrameAsync(string video, int index, string png)
    {
        await FfmpegAsync("-i", video, "-vf", $"select=eq(n\\,{index})", "-fps_mode", "passthrough", "-frames:v", "1", png);
        return png;
    }

    /// <summary>Decodes image bytes and returns the size; fails the test when they are no image.</summary>
    public static (int Width, int Height) Image(byte[] bytes)
    {
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.True(bitmap is not null, "the bytes do not decode as an image");
        return (bitmap.Width, bitmap.Height);
    }
}
