namespace Docket.Files;

/// <summary>Content types by file extension, for uploads whose client sends none or a generic one.</summary>
public static class ContentTypes
{
    public const string Binary = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".bmp"] = "image/bmp",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".json"] = "application/json",
        [".xml"] = "application/xml",
        [".eml"] = "message/rfc822",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".mp4"] = "video/mp4",
        [".avi"] = "video/x-msvideo",
        [".mov"] = "video/quicktime",
        [".webm"] = "video/webm",
        [".mkv"] = "video/x-matroska",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".zip"] = "application/zip",
        [".heic"] = "image/heic",
        [".svg"] = "image/svg+xml",
        [".m4a"] = "audio/mp4",
        [".ogg"] = "audio/ogg",
        [".flac"] = "audio/flac",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
    };

    public static string FromFileName(string? fileName) =>
        fileName is not null && ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : Binary;

    /// <summary>A file extension for a content type, with its dot; empty when unknown.</summary>
    public static string ExtensionFor(string contentType) =>
        ByExtension.FirstOrDefault(p => p.Value == contentType).Key ?? string.Empty;

    /// <summary>The declared type unless it is missing or generic, in which case the name decides.</summary>
    public static string Resolve(string? declared, string? fileName)
    {
        var type = declared?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(type) || type == Binary ? FromFileName(fileName) : type;
    }

    /// <summary>A file name safe to store and to show: no directories, no control characters, bounded length.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 255)
        {
            name = name[^255..];
        }

        return name.Length == 0 || name is "." or ".." ? "upload" : name;
    }
}
