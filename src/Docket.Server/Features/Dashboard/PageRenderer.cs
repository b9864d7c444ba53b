using System.Globalization;
using Docket.Blobs;
using Docket.Common;
using Docket.Engine;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Executions;
using Docket.Files;
using Docket.Server.Hosting;
using Docket.Tools;
using UglyToad.PdfPig;

namespace Docket.Server.Features.Dashboard;

/// <summary>
/// Pages of a stored document as images: how many pages the engine counts for a file, and one
/// page as a picture. A PDF page is rendered to PNG with poppler's pdftoppm (two at a time, under
/// the tools' time and memory limits); an image is its own single page and is sent as it is.
/// Other formats (text, DOCX, …) have pages but no picture: 422 <c>not_renderable</c>.
/// </summary>
internal static class PageRenderer
{
    private const int DefaultDpi = 110;

    // Rendering takes a core for a moment; two at a time keep page views from starving workers.
    private static readonly SemaphoreSlim Renders = new(2);

    private static readonly HashSet<string> BrowserImages = new(StringComparer.Ordinal)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp",
    };

    /// <summary>The 1-based page number and the optional <c>dpi</c> of a page request.</summary>
    public static (int Page, int Dpi, Problem? Problem) ParseRequest(HttpContext context, string page)
    {
        if (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return (0, 0, Problem.BadRequest("The page number must be a whole number from 1."));
        }

        var dpi = DefaultDpi;
        var dpiText = context.Request.Query["dpi"].ToString();
        if (dpiText.Length > 0 && (!int.TryParse(dpiText, NumberStyles.None, CultureInfo.InvariantCulture, out dpi) || dpi is < 36 or > 300))
        {
            return (0, 0, Problem.BadRequest("'dpi' must be a whole number from 36 to 300."));
        }

        return (number, dpi, null);
    }

    /// <summary>
    /// Answers with page <paramref name="local"/> of <paramref name="source"/>; <paramref name="shown"/>
    /// is the number the caller asked for, used in messages. Pages never change (the bytes are
    /// content-addressed), so browsers may keep them a day and revalidate by ETag.
    /// </summary>
    public static async Task<IResult> ServeAsync(HttpContext context, Source source, int local, int shown, int dpi, string what, OcrOptions ocr, ToolOptions tools)
    {
        if (source.Kind == SourceKind.Other || (source.Kind == SourceKind.Image && !BrowserImages.Contains(source.ContentType!)))
        {
            return Problem.Unprocessable($"Page {shown} comes from {what} ({source.Description}), which has no picture to show; only PDF pages and PNG, JPEG, GIF, WebP and BMP images are drawn.", "not_renderable").ToResult();
        }

        var etag = $"\"{source.Sha256![..16]}-{local}-{dpi}\"";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            SetCaching(context, etag);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (source.Kind == SourceKind.Image)
        {
            SetCaching(context, etag);
            return Results.File(source.Path!, source.ContentType);
        }

        try
        {
            var png = await RenderAsync(source.Path!, local, dpi, ocr, tools, context.RequestAborted).ConfigureAwait(false);
            SetCaching(context, etag);
            return Results.Bytes(png, "image/png");
        }
        catch (ExecutionFailedException failure)
        {
            return Problem.Unprocessable($"Page {shown} could not be rendered: {failure.Message}", "not_renderable").ToResult();
        }
    }

    private static void SetCaching(HttpContext context, string etag)
    {
        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.ETag = etag;
    }

    public enum SourceKind
    {
        Pdf,
        Image,
        Other,
    }

    public sealed record Source(SourceKind Kind, int Pages, string? Path = null, string? ContentType = null, string? Sha256 = null, string Description = "", Problem? Problem = null);

    /// <summary>What one document input is and how many pages the engine counted for it.</summary>
    public static async Task<Source> OpenAsync(string tenantId, InputSpec spec, FileStore files, IBlobStore blobs, DocumentReader reader, CancellationToken cancellationToken)
    {
        if (spec.Kind == "text")
        {
            return new Source(SourceKind.Other, DocumentReader.ReadText(spec.Text ?? string.Empty).Pages.Count, Description: "text");
        }

        if (spec.Kind == "url")
        {
            return new Source(SourceKind.Other, 0, Problem: Problem.Unprocessable($"Input '{spec.Name}' is a URL that the worker downloaded when it ran and did not keep, so its pages cannot be drawn.", "not_renderable"));
        }

        var file = await files.GetAsync(tenantId, spec.FileId!, cancellationToken).ConfigureAwait(false);
        if (file?.Sha256 is null || file.Sha256 != spec.Sha256 || !await blobs.ExistsAsync(file.Sha256, cancellationToken).ConfigureAwait(false))
        {
            return new Source(SourceKind.Other, 0, Problem: Problem.NotFound($"File '{spec.FileId}' (input '{spec.Name}') has been deleted since the execution ran.", "file_not_found"));
        }

        return await OpenFileAsync(file, $"Input '{spec.Name}'", blobs, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a stored file is and how many pages the engine counts for it; <paramref name="label"/> names it in messages.</summary>
    public static async Task<Source> OpenFileAsync(FileRecord file, string label, IBlobStore blobs, DocumentReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = await blobs.GetLocalPathAsync(file.Sha256!, cancellationToken).ConfigureAwait(false);
        var head = new byte[1024];
        int read;
        await using (var stream = File.OpenRead(path))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (head.AsSpan(0, read).IndexOf("%PDF-"u8) >= 0)
        {
            return CountPdfPages(path) is { } pages
                ? new Source(SourceKind.Pdf, pages, path, "application/pdf", file.Sha256, "PDF")
                : new Source(SourceKind.Other, 0, Problem: Problem.Unprocessable($"{label} ({file.FileName}) is not a readable PDF.", "not_renderable"));
        }

        if (ImageType(head.AsSpan(0, read)) is { } imageType)
        {
            return new Source(SourceKind.Image, 1, path, imageType, file.Sha256, imageType);
        }

        // Text, CSV, HTML, DOCX, XLSX, EML: the engine's own reader says how many pages it made.
        var input = new ExecutionInput(file.FileName, InputKind.File) { Path = path, FileName = file.FileName, ContentType = file.ContentType, Bytes = file.Bytes, Sha256 = file.Sha256 };
        try
        {
            var layout = await reader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            return new Source(SourceKind.Other, layout.Pages.Count, Sha256: file.Sha256, Description: file.ContentType);
        }
        catch (ExecutionFailedException failure)
        {
            return new Source(SourceKind.Other, 0, Problem: Problem.Unprocessable(failure.Message, "not_renderable"));
        }
    }

    private static int? CountPdfPages(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            return document.NumberOfPages;
        }
#pragma warning disable CA1031 // PdfPig throws many exception types for broken files; any of them means "not readable".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static string? ImageType(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'I', (byte)'I', 0x2A, 0x00, ..] or [(byte)'M', (byte)'M', 0x00, 0x2A, ..] => "image/tiff",
        _ => null,
    };

    private static async Task<byte[]> RenderAsync(string pdf, int page, int dpi, OcrOptions ocr, ToolOptions tools, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "docket-pages", Ids.RandomToken(12));
        Directory.CreateDirectory(directory);
        await Renders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var prefix = Path.Combine(directory, "page");
            var number = page.ToString(CultureInfo.InvariantCulture);
            await ToolProcess.RunAsync(
                ocr.Pdftoppm,
                ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-png", "-singlefile", pdf, prefix],
                TimeSpan.FromSeconds(ocr.TimeoutSeconds),
                (long)tools.MemoryLimitMegabytes << 20,
                cancellationToken).ConfigureAwait(false);
            return await File.ReadAllBytesAsync(prefix + ".png", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Renders.Release();
            Directory.Delete(directory, recursive: true);
        }
    }
}
