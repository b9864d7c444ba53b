namespace Docket.Engine.Providers;

/// <summary>Inputs the document readers do not read.</summary>
public enum MediaKind
{
    Document,
    Video,
    Audio,
}

/// <summary>Tells videos and audio from documents and images by declared type, MessageContent type, name and magic bytes.</summary>
public static class MediaKinds
{
    private static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase) { ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi" };
    private static readonly HashSet<string> AudioExtensions = new(StringComparer.OrdinalIgnoreCase) { ".mp3", ".wav", ".ogg", ".flac", ".m4a", ".aac" };

    public static MediaKind Of(ReadOnlySpan<byte> bytes, string? contentType, string name, string? sourceType)
    {
        if (sourceType == "video_url" || contentType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true || VideoExtensions.Contains(Path.GetExtension(name)))
        {
            return MediaKind.Video;
        }

        if (sourceType == "audio_url" || contentType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true || AudioExtensions.Contains(Path.GetExtension(name)))
        {
            return MediaKind.Audio;
        }

        // ISO media (MP4, MOV) carries "ftyp" at offset 4; Matroska/WebM starts with the EBML magic.
        // HEIF and AVIF pictures use the same box with their own brands.
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && !IsPictureBrand(bytes[8..12]) || bytes.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }))
        {
            return MediaKind.Video;
        }

        return bytes.StartsWith("ID3"u8) || bytes.StartsWith("OggS"u8) || bytes.StartsWith("fLaC"u8)
            || (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8))
            ? MediaKind.Audio
            : MediaKind.Document;
    }

    private static bool IsPictureBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("avif"u8);
}
