namespace Docket.Tools.Video;

/// <summary>The ffmpeg programs and encoder settings of the <c>video</c> toolset (section <c>Docket:Video</c>).</summary>
public sealed class VideoOptions
{
    /// <summary>The ffmpeg executable: a name on PATH or a full path (apt: <c>ffmpeg</c>).</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>The ffprobe executable (same package).</summary>
    public string Ffprobe { get; set; } = "ffprobe";

    /// <summary>libx264 preset of every H.264 encode; faster presets give larger files.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>libx264 constant rate factor: 0 lossless, 23 the usual default, 51 worst.</summary>
    public int Crf { get; set; } = 23;

    /// <summary>
    /// Encoder threads. Fixed rather than "auto" because x264's output depends on its thread
    /// count: a fixed number gives the same bytes on machines with different core counts.
    /// </summary>
    public int EncoderThreads { get; set; } = 2;

    /// <summary>Largest frame (width × height) processed; bigger videos are refused before decoding.</summary>
    public long MaxFramePixels { get; set; } = 4096L * 2304;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Ffmpeg) || string.IsNullOrWhiteSpace(Ffprobe))
        {
            throw new InvalidOperationException("Docket:Video:Ffmpeg and Docket:Video:Ffprobe must name executables.");
        }

        if (Preset is not ("ultrafast" or "superfast" or "veryfast" or "faster" or "fast" or "medium" or "slow" or "slower" or "veryslow"))
        {
            throw new InvalidOperationException("Docket:Video:Preset must be an x264 preset (ultrafast … veryslow).");
        }

        if (Crf is < 0 or > 51 || EncoderThreads is < 1 or > 64 || MaxFramePixels <= 0)
        {
            throw new InvalidOperationException("Docket:Video:Crf must be 0–51, EncoderThreads 1–64 and MaxFramePixels positive.");
        }
    }
}
