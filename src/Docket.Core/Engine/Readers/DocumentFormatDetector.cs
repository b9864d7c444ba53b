using System.Text;
using System.Text.RegularExpressions;

namespace Docket.Engine.Readers;

/// <summary>
/// Decides how to read a file from its first bytes, its declared content type and its file
/// name, in that order of trust: clients often upload everything as octet-stream or text/plain.
/// </summary>
internal static partial class DocumentFormatDetector
{
    private const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Readable = "PDF, plain text, Markdown, CSV, HTML, DOCX, XLSX and EML";

    private static readonly (byte[] Magic, string ContentType)[] s_binarySignatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF8"u8.ToArray(), "image/gif"),
        ([(byte)'I', (byte)'I', 0x2A, 0x00], "image/tiff"),
        ([(byte)'M', (byte)'M', 0x00, 0x2A], "image/tiff"),
        ("BM"u8.ToArray(), "image/bmp"),
        ("PK\u0003\u0004"u8.ToArray(), "application/zip"),
    ];

    private static readonly Dictionary<string, DocumentFormat> s_contentTypes = new(StringComparer.Ordinal)
    {
        ["text/html"] = DocumentFormat.Html,
        ["application/xhtml+xml"] = DocumentFormat.Html,
        ["text/csv"] = DocumentFormat.Csv,
        ["application/csv"] = DocumentFormat.Csv,
        ["text/comma-separated-values"] = DocumentFormat.Csv,
        ["text/markdown"] = DocumentFormat.Markdown,
        ["text/x-markdown"] = DocumentFormat.Markdown,
        ["message/rfc822"] = DocumentFormat.Eml,
    };

    private static readonly Dictionary<string, DocumentFormat> s_extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = DocumentFormat.Html,
        [".htm"] = DocumentFormat.Html,
        [".xhtml"] = DocumentFormat.Html,
        [".csv"] = DocumentFormat.Csv,
        [".md"] = DocumentFormat.Markdown,
        [".markdown"] = DocumentFormat.Markdown,
        [".txt"] = DocumentFormat.Text,
        [".text"] = DocumentFormat.Text,
        [".eml"] = DocumentFormat.Eml,
    };

    public static DocumentFormat Detect(ReadOnlySpan<byte> bytes, string? contentType, string name)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        var type = Normalize(contentType);
        var extension = Path.GetExtension(name);

        // The PDF header may follow some junk, and PDF readers look for it in the whole first
        // kilobyte; but a text file that merely mentions it there stays a text file.
        var pdfHeader = head.IndexOf("%PDF-"u8);
        if (pdfHeader == 0 || (pdfHeader > 0 && !ClaimsText(type, extension)))
        {
            return DocumentFormat.Pdf;
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return DetectPackage(bytes, type, name);
        }

        foreach (var (magic, sniffed) in s_binarySignatures)
        {
            if (head.StartsWith(magic))
            {
                return sniffed.StartsWith("image/", StringComparison.Ordinal) ? DocumentFormat.Image : throw Unsupported(type ?? sniffed, name);
            }
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return DocumentFormat.Image;
        }

        if (type == "application/pdf" || extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            throw ExecutionFailedException.InvalidInput($"{name} is declared as a PDF but does not start with %PDF-; it is not a PDF.");
        }

        if (type is not null && s_contentTypes.TryGetValue(type, out var declared))
        {
            return declared;
        }

        if (s_extensions.TryGetValue(extension, out var byExtension))
        {
            return byExtension;
        }

        var textual = TextDecoder.LooksLikeText(head);
        if (type is not null && (type.StartsWith("text/", StringComparison.Ordinal) || IsTextApplication(type)))
        {
            return textual ? DocumentFormat.Text : throw Unsupported(type, name);
        }

        if (type is not null && type != "application/octet-stream" && type != "binary/octet-stream")
        {
            throw Unsupported(type, name);
        }

        if (!textual)
        {
            throw Unsupported(type ?? "application/octet-stream", name);
        }

        if (LooksLikeHtml(head))
        {
            return DocumentFormat.Html;
        }

        return LooksLikeEmail(head) ? DocumentFormat.Eml : DocumentFormat.Text;
    }

    /// <summary>
    /// A zip is DOCX or XLSX when it holds the main part of one; part names are stored
    /// uncompressed in the zip's directory, so finding them needs no inflating.
    /// </summary>
    private static DocumentFormat DetectPackage(ReadOnlySpan<byte> bytes, string? type, string name)
    {
        if (bytes.IndexOf("word/document.xml"u8) >= 0)
        {
            return DocumentFormat.Docx;
        }

        if (bytes.IndexOf("xl/workbook.xml"u8) >= 0)
        {
            return DocumentFormat.Xlsx;
        }

        var declared = type is null || type == "application/octet-stream" ? "application/zip" : type;
        if (declared is DocxContentType or XlsxContentType)
        {
            throw ExecutionFailedException.InvalidInput($"{name} is declared as '{declared}' but lacks its main part (word/document.xml or xl/workbook.xml).");
        }

        throw Unsupported(declared, name);
    }

    private static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = semicolon < 0 ? contentType : contentType[..semicolon];
        return bare.Trim().ToLowerInvariant();
    }

    private static bool ClaimsText(string? type, string extension) =>
        (type is not null && (s_contentTypes.ContainsKey(type) || type.StartsWith("text/", StringComparison.Ordinal)))
        || s_extensions.ContainsKey(extension);

    private static bool IsTextApplication(string type) =>
        type is "application/json" or "application/xml" or "application/yaml" or "application/x-yaml"
        || type.EndsWith("+json", StringComparison.Ordinal)
        || type.EndsWith("+xml", StringComparison.Ordinal);

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = Encoding.Latin1.GetString(head).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\n', '\r');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A saved message starts with its header block; a From header together with a MIME-Version
    /// or Received header there is a strong sign, where a text note merely starting "From:" is not.
    /// </summary>
    private static bool LooksLikeEmail(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head).ReplaceLineEndings("\n");
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = (end < 0 ? text : text[..end]).Split('\n');
        if (lines.Length == 0 || !HeaderLine().IsMatch(lines[0]))
        {
            return false;
        }

        bool Has(string header) => lines.Any(l => l.StartsWith(header, StringComparison.OrdinalIgnoreCase));
        return Has("From:") && (Has("MIME-Version:") || Has("Received:"));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]*:")]
    private static partial Regex HeaderLine();

    /// <summary>The failure for an image when no OCR is configured, naming the image's type.</summary>
    public static ExecutionFailedException ImageWithoutOcr(ReadOnlySpan<byte> bytes, string? contentType, string name)
    {
        var type = Normalize(contentType);
        foreach (var (magic, sniffed) in s_binarySignatures)
        {
            if (bytes.StartsWith(magic))
            {
                return Unsupported(type ?? sniffed, name);
            }
        }

        return Unsupported(type ?? "image/webp", name);
    }

    private static ExecutionFailedException Unsupported(string type, string name)
    {
        var hint = type.StartsWith("image/", StringComparison.Ordinal)
            ? " Images need OCR, which this reader is not set up for."
            : string.Empty;
        return ExecutionFailedException.InvalidInput($"{name} has unsupported type '{type}'; readable types are {Readable}.{hint}");
    }
}
