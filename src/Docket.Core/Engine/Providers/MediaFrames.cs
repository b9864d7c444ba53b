using System.Globalization;
using Docket.Tools;

namespace Docket.Engine.Providers;

/// <summary>
/// Pictures of documents and videos for vision models: PDF pages rendered by poppler's pdftoppm,
/// video frames sampled evenly by ffmpeg. Both run without a shell under the tool time limit and
/// write into the attempt's scratch directory.
/// </summary>
public sealed class MediaFrames(string pdftoppm, string ffmpeg, string ffprobe, TimeSpan timeout)
{
    /// <summary>PNG renderings of the first <paramref name="pages"/> pages, fitted into a square of <paramref name="maxSide"/> pixels.</summary>
    public async Task<IReadOnlyList<byte[]>> RenderPdfAsync(string pdfPath, int pages, int maxSide, string workDirectory, CancellationToken cancellationToken)
    {
        if (pages <= 0)
        {
            return [];
        }

        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, "pages-" + Guid.NewGuid().ToString("N"))).FullName;
        await ToolProcess.RunAsync(
            pdftoppm,
            ["-png", "-f", "1", "-l", pages.ToString(CultureInfo.InvariantCulture), "-scale-to", maxSide.ToString(CultureInfo.InvariantCulture), pdfPath, Path.Combine(directory, "page")],
            timeout,
            cancellationToken).ConfigureAwait(false);

        // pdftoppm pads page numbers to the width of the last one (page-01.png …); the order is the page order.
        var files = Directory.GetFiles(directory, "page-*.png").Order(StringComparer.Ordinal).ToList();
        var images = new List<byte[]>(files.Count);
        foreach (var file in files)
        {
            images.Add(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return images;
    }

    /// <summary><paramref name="count"/> PNG frames at the middles of equal slices of the video, with their times in seconds.</summary>
    public async Task<IReadOnlyList<(double Seconds, byte[] Png)>> SampleVideoAsync(string videoPath, int count, string workDirectory, CancellationToken cancellationToken)
    {
        var probe = await ToolProcess.RunAsync(
            ffprobe,
            ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", videoPath],
            timeout,
            cancellationToken).ConfigureAwait(false);
        if (!double.TryParse(probe.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var duration) || duration <= 0)
        {
            throw ExecutionFailedException.InvalidInput($"The video {Path.GetFileName(videoPath)} has no duration ffprobe can read; is it a video?");
        }

        var frames = new List<(double, byte[])>(count);
        for (var i = 0; i < count; i++)
        {
            var at = Math.Round(duration * (i + 0.5) / count, 3);
            var output = Path.Combine(workDirectory, $"frame-{Guid.NewGuid():N}.png");
            await ToolProcess.RunAsync(
                ffmpeg,
                ["-v", "error", "-nostdin", "-ss", at.ToString(CultureInfo.InvariantCulture), "-i", videoPath, "-frames:v", "1", "-f", "image2", "-c:v", "png", "-y", output],
                timeout,
                cancellationToken).ConfigureAwait(false);
            if (File.Exists(output))
            {
                frames.Add((at, await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false)));
                File.Delete(output);
            }
        }

        return frames;
    }
}
