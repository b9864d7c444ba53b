using System.Globalization;
using System.Text;
using Docket.Engine;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Video;

/// <summary>
/// Runs ffmpeg and ffprobe for the video tools under the limits of <see cref="ToolOptions"/>: a
/// deadline after which the program is killed, an address-space limit, no shell, no standard
/// input (<c>-nostdin</c>), and input files opened only through the <c>file</c> protocol, so a
/// crafted playlist cannot make ffmpeg reach the network.
/// </summary>
public sealed class Ffmpeg
{
    // Container formats that are scripts or playlists naming other files or URLs, never media themselves.
    private static readonly string[] RefusedFormats = ["hls", "concat", "ffconcat", "lavfi", "ffmetadata", "tee", "dash", "smil", "image2", "image2pipe"];

    private readonly ToolOptions _limits;

    public Ffmpeg(IOptions<VideoOptions> options, IOptions<ToolOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        Options = options.Value;
        _limits = limits.Value;
    }

    public VideoOptions Options { get; }

    /// <summary>The longest one program (or one streamed pipeline) may run.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(_limits.TimeoutSeconds);

    internal long MemoryLimitBytes => _limits.MemoryLimitMegabytes * 1024L * 1024L;

    /// <summary>The arguments that open a local file as an ffmpeg input.</summary>
    public static IEnumerable<string> Input(string path) => ["-protocol_whitelist", "file", "-i", "file:" + path];

    /// <summary>H.264 in an MP4 that every player opens: yuv420p, even dimensions, the index at the front.</summary>
    public IEnumerable<string> H264Output(string path) =>
    [
        "-c:v", "libx264", "-preset", Options.Preset, "-crf", Options.Crf.ToString(CultureInfo.InvariantCulture),
        "-pix_fmt", "yuv420p", "-threads", Options.EncoderThreads.ToString(CultureInfo.InvariantCulture),
        "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-f", "mp4", "-y", "file:" + path,
    ];

    /// <summary>
    /// Audio for an MP4: AAC and MP3 are copied as they are (no generation loss), anything else
    /// is encoded to AAC; no audio stream, no audio.
    /// </summary>
    public static IEnumerable<string> AudioOutput(VideoInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.AudioCodec switch
        {
            null => ["-an"],
            "aac" or "mp3" => ["-c:a", "copy"],
            _ => ["-c:a", "aac", "-b:a", "160k"],
        };
    }

    /// <summary>libx264 with yuv420p needs even dimensions; this filter trims an odd row or column.</summary>
    public const string EvenSize = "crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0";

    /// <summary>Describes a video file; a file ffprobe cannot read as video is invalid input.</summary>
    public async Task<VideoInfo> ProbeAsync(ToolFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (code, output, errors) = await RunAsync(Options.Ffprobe,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-protocol_whitelist", "file", "file:" + file.Path],
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw ExecutionFailedException.InvalidInput($"{file.FileName} is not a video ffmpeg can read: {Last(errors)}");
        }

        var info = VideoInfo.Parse(output, file.FileName);
        if (info.Format.Split(',').Any(f => RefusedFormats.Contains(f, StringComparer.Ordinal)))
        {
            throw ExecutionFailedException.InvalidInput($"{file.FileName} is a {info.Format} file, not a video.");
        }

        if ((long)info.Width * info.Height > Options.MaxFramePixels)
        {
            throw ExecutionFailedException.InvalidInput($"{file.FileName} is {info.Width}x{info.Height}, larger than the {Options.MaxFramePixels} pixels per frame this server processes.");
        }

        return info;
    }

    /// <summary>Runs ffmpeg with the given arguments after the common ones; a failure is a tool_error.</summary>
    public async Task<string> RunFfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output, errors) = await RunAsync(Options.Ffmpeg, [.. Common, .. arguments], cancellationToken).ConfigureAwait(false);
        return code == 0 ? output : throw ExecutionFailedException.ToolError($"ffmpeg failed with exit code {code}: {Last(errors)}");
    }

    /// <summary>Starts ffmpeg with streamed standard output (and input when <paramref name="writeInput"/>); the caller owns its deadline.</summary>
    internal PipedProcess StartFfmpeg(IEnumerable<string> arguments, bool writeInput) =>
        PipedProcess.Start(Options.Ffmpeg, [.. Common, .. arguments], MemoryLimitBytes, writeInput);

    /// <summary>The failure for a program or pipeline that outlived <see cref="Timeout"/>.</summary>
    internal ExecutionFailedException TimedOut(string what) =>
        ExecutionFailedException.ToolError(string.Create(CultureInfo.InvariantCulture, $"{what} took longer than {Timeout.TotalSeconds:0.###} s and was stopped."));

    private static string[] Common => ["-nostdin", "-hide_banner", "-loglevel", "error"];

    private async Task<(int Code, string Output, string Errors)> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var process = PipedProcess.Start(executable, arguments, MemoryLimitBytes, writeInput: false);
        try
        {
            using var reader = new StreamReader(process.Output, Encoding.UTF8);
            var output = await reader.ReadToEndAsync(deadline.Token).ConfigureAwait(false);
            var code = await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return (code, output, process.ErrorTail);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw TimedOut(Path.GetFileName(executable));
        }
    }

    private static string Last(string errors)
    {
        var trimmed = errors.Trim();
        return trimmed.Length == 0 ? "no message" : trimmed.Length <= 400 ? trimmed : trimmed[^400..];
    }
}
