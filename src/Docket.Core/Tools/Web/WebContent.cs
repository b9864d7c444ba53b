using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tools.Web;

/// <summary>
/// What a fetched file gives an execution: media (PNG, JPEG, MP4, MP3, PDF) becomes an artifact
/// later steps and the client can use; documents (HTML through the engine's HTML reader, PDF,
/// text, CSV, office files) become text, and an HTML page also its title.
/// </summary>
internal static partial class WebContent
{
    private static readonly byte[] PngStart = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF];

    public static async Task<JsonObject> DescribeAsync(ToolContext context, DocumentReader reader, ToolFile file, int maxChars, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file.Path);
        var head = new byte[Math.Min(info.Length, 4096)];
        await using (var stream = File.OpenRead(file.Path))
        {
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        }

        var contentType = file.ContentType ?? "application/octet-stream";
        var result = new JsonObject
        {
            ["file_name"] = file.FileName,
            ["content_type"] = contentType,
            ["bytes"] = info.Length,
        };

        var media = Media(head, contentType);
        if (media is { } artifact)
        {
            result["artifact"] = await context.AddArtifactAsync(artifact.Type, artifact.ContentType, file.Path, file.FileName, cancellationToken).ConfigureAwait(false);
            if (artifact.Type != "doc")
            {
                return result;
            }
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false);
            var layout = await reader.ReadAsync(bytes, contentType, file.FileName, cancellationToken).ConfigureAwait(false);
            if (layout.Format == DocumentFormat.Html)
            {
                result["title"] = Title(TextDecoder.Decode(bytes));
            }

            var text = string.Join("\n\n", layout.Pages.Select(p => p.Text)).Trim();
            result["truncated"] = text.Length > maxChars;
            result["text"] = text.Length > maxChars ? text[..maxChars] : text;
        }
        catch (ExecutionFailedException ex) when (ex.Code == ErrorCodes.InvalidInput)
        {
            // Not a document the engine reads (an archive, a font, …): the fetch itself still counts.
            result["text"] = null;
            result["text_error"] = ex.Message;
        }

        return result;
    }

    /// <summary>The artifact kind of a media file, by its first bytes (the server's Content-Type alone is not trusted).</summary>
    private static (string Type, string ContentType)? Media(ReadOnlySpan<byte> head, string contentType)
    {
        if (head.StartsWith(PngStart))
        {
            return ("img", "image/png");
        }

        if (head.StartsWith(JpegStart))
        {
            return ("img", "image/jpeg");
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return ("doc", "application/pdf");
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && !contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
        {
            return ("vid", "video/mp4");
        }

        return contentType.Equals("audio/mpeg", StringComparison.OrdinalIgnoreCase) && (head.StartsWith("ID3"u8) || (head.Length > 1 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
            ? ("aud", "audio/mpeg")
            : null;
    }

    /// <summary>The text of the page's first <c>title</c> element, entities decoded and whitespace collapsed; null without one.</summary>
    private static string? Title(string html)
    {
        var match = TitleElement().Match(html.Length > 65536 ? html[..65536] : html);
        if (!match.Success)
        {
            return null;
        }

        var text = string.Join(' ', WebUtility.HtmlDecode(match.Groups[1].Value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text;
    }

    // The engine's HTML tokenizer drops title text with the rest of the head, so the title is read on its own.
    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TitleElement();
}
