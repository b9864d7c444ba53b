using System.Buffers;
using System.Text;

namespace Docket.Inputs;

/// <summary>
/// The name a download is known by. It comes from the remote server, so it is treated as
/// hostile: it is reduced to one plain file name and never used as a path on disk.
/// </summary>
internal static class DownloadFileName
{
    public const string Fallback = "download";

    private const int MaxLength = 255;

    private const int MaxExtensionLength = 16;

    // Characters that are path syntax or forbidden on some file system the name may travel to.
    private static readonly char[] Forbidden = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>Content-Disposition's name, else the URL's last path segment, else "download".</summary>
    public static string From(HttpResponseMessage response, Uri url)
    {
        var disposition = response.Content.Headers.ContentDisposition;
        var fromHeader = Sanitize(disposition?.FileNameStar) ?? Sanitize(disposition?.FileName?.Trim('"'));
        return fromHeader ?? Sanitize(LastSegment(url)) ?? Fallback;
    }

    /// <summary>A plain file name made from <paramref name="candidate"/>, or null if nothing usable is left.</summary>
    public static string? Sanitize(string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return null;
        }

        // Only the last segment: "../../etc/passwd" names "passwd", not a place.
        var lastSeparator = candidate.LastIndexOfAny(['/', '\\']);
        var segment = candidate[(lastSeparator + 1)..];
        var builder = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            builder.Append(char.IsControl(c) || Array.IndexOf(Forbidden, c) >= 0 ? '_' : c);
        }

        // Leading dots would hide the file or spell "..", trailing ones vanish on Windows.
        var name = builder.ToString().Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            return null;
        }

        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= MaxExtensionLength ? extension : string.Empty;
            name = name[..(MaxLength - extension.Length)] + extension;
        }

        return name;
    }

    /// <summary>
    /// The extension to give the file on disk, so tools that go by extension still work:
    /// letters and digits only, else none.
    /// </summary>
    public static string SafeExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var plain = extension.Length is > 1 and <= MaxExtensionLength
            && !extension.AsSpan(1).ContainsAnyExcept(AsciiLettersAndDigits);
        return plain ? extension : string.Empty;
    }

    private static string? LastSegment(Uri url)
    {
        var path = url.AbsolutePath;
        var segment = path[(path.LastIndexOf('/') + 1)..];
        return segment.Length == 0 ? null : Uri.UnescapeDataString(segment);
    }
}
