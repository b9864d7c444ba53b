using System.Globalization;

namespace Docket.Tools.Video;

/// <summary>Names and formats of the files the video tools make.</summary>
internal static class VideoArtifacts
{
    /// <summary>The input's name without its extension, as the stem of artifact names.</summary>
    public static string Stem(ToolFile file)
    {
        var stem = Path.GetFileNameWithoutExtension(file.FileName);
        return stem.Length == 0 ? "video" : stem;
    }

    public static (string Extension, string ContentType, string[] Codec) Image(string? format) => format == "jpeg"
        ? (".jpg", "image/jpeg", ["-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj420p"])
        : (".png", "image/png", ["-c:v", "png", "-pix_fmt", "rgb24"]);

    /// <summary>A scale filter to <paramref name="width"/> keeping the aspect ratio (even height), or none when the video is no wider.</summary>
    public static string? Scale(int? width, VideoInfo info) =>
        width is { } w && w < info.Width ? string.Create(CultureInfo.InvariantCulture, $"scale={w}:-2:flags=bicubic") : null;

    public static string Seconds(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);

    public static double Round(double seconds) => Math.Round(seconds, 3, MidpointRounding.AwayFromZero);
}
