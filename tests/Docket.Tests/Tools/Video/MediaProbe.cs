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

    /// <summary>Decodes image bytes and returns the size; fails the test when they are no image.</summary>
    public static (int Width, int Height) Image(byte[] bytes)
    {
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.True(bitmap is not null, "the bytes do not decode as an image");
        return (bitmap.Width, bitmap.Height);
    }
}
