using Docket.Engine.Ocr;

namespace Docket.Engine.Readers;

/// <summary>
/// Reads a document input (PDF, plain text, Markdown, CSV, HTML, DOCX, XLSX, EML, and with OCR images) into a
/// <see cref="DocumentLayout"/>. Anything it cannot read is an <see cref="ErrorCodes.InvalidInput"/>
/// failure whose message names the file and the reason.
/// </summary>
public sealed class DocumentReader
{
    private readonly ReaderLimits _limits;
    private readonly TesseractOcr? _ocr;

    public DocumentReader(ReaderLimits limits)
        : this(limits, null)
    {
    }

    /// <param name="limits">Bounds on what one document may cost to read.</param>
    /// <param name="ocr">Reads images and PDF pages without a text layer; without it they are refused or empty.</param>
    public DocumentReader(ReaderLimits limits, TesseractOcr? ocr)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxPages, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1, nameof(limits));
        _limits = limits;
        _ocr = ocr;
    }

    /// <summary>Reads a file input, or a text input as one page of plain text.</summary>
    public async Task<DocumentLayout> ReadAsync(ExecutionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input.Kind)
        {
            case InputKind.Text:
                return ReadText(input.Text ?? string.Empty);
            case InputKind.File:
                break;
            default:
                throw ExecutionFailedException.InvalidInput($"Input '{input.Name}' is a JSON value, not a document.");
        }

        var path = input.Path ?? throw new ArgumentException($"File input '{input.Name}' has no path.", nameof(input));
        var name = input.FileName ?? input.Name;
        var length = new FileInfo(path).Length;
        CheckSize(length, name);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(bytes, input.ContentType, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the bytes of a document like <see cref="Read"/>, and with OCR also images and the
    /// pages of a PDF that have no text layer (scans).
    /// </summary>
    public async Task<DocumentLayout> ReadAsync(ReadOnlyMemory<byte> bytes, string? contentType, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckSize(bytes.Length, name);
        var format = DocumentFormatDetector.Detect(bytes.Span, contentType, name);
        if (format == DocumentFormat.Eml && _ocr is not null)
        {
            return await ReadEmlAsync(bytes, name, cancellationToken).ConfigureAwait(false);
        }

        if (_ocr is null || format is not (DocumentFormat.Image or DocumentFormat.Pdf))
        {
            return Read(bytes, contentType, name, cancellationToken);
        }

        if (format == DocumentFormat.Pdf)
        {
            var layout = PdfLayoutReader.Read(bytes, name, _limits, cancellationToken);
            var blank = layout.Pages.Where(p => p.Lines.Count == 0).Select(p => p.Number).ToList();
            return blank.Count == 0 ? layout : await OcrPdfPagesAsync(layout, bytes, blank, cancellationToken).ConfigureAwait(false);
        }

        ImageSize.Check(bytes.Span, _ocr.Options.MaxPixels, _limits.MaxPages, name);
        var directory = ScratchDirectory();
        try
        {
            var pages = await _ocr.RecognizeImageAsync(bytes, name, directory, cancellationToken).ConfigureAwait(false);
            return new DocumentLayout(DocumentFormat.Image, LayoutUnit.Pixel, pages);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Reads the bytes of a document. <paramref name="name"/> is its file name: its extension
    /// helps detect the format and error messages name it.
    /// </summary>
    public DocumentLayout Read(ReadOnlyMemory<byte> bytes, string? contentType, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckSize(bytes.Length, name);
        cancellationToken.ThrowIfCancellationRequested();
        return DocumentFormatDetector.Detect(bytes.Span, contentType, name) switch
        {
            DocumentFormat.Pdf => PdfLayoutReader.Read(bytes, name, _limits, cancellationToken),
            DocumentFormat.Image => throw DocumentFormatDetector.ImageWithoutOcr(bytes.Span, contentType, name),
            DocumentFormat.Csv => CsvLayoutReader.Read(TextDecoder.Decode(bytes.Span), cancellationToken),
            DocumentFormat.Html => HtmlLayoutReader.Read(TextDecoder.Decode(bytes.Span), cancellationToken),
            DocumentFormat.Docx => DocxLayoutReader.Read(bytes, name, cancellationToken),
            DocumentFormat.Xlsx => XlsxLayoutReader.Read(bytes, name, cancellationToken),
            DocumentFormat.Eml => ReadEml(bytes, name, cancellationToken),
            var format => PlainTextReader.Read(TextDecoder.Decode(bytes.Span), format),
        };
    }

    /// <summary>Reads text given inline as one page of plain text, a line per line.</summary>
    public static DocumentLayout ReadText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlainTextReader.Read(text.ReplaceLineEndings("\n"), DocumentFormat.Text);
    }

    private DocumentLayout ReadEml(ReadOnlyMemory<byte> bytes, string name, CancellationToken cancellationToken)
    {
        var (message, attachments) = EmlLayoutReader.Parse(bytes, name);
        var layouts = new List<DocumentLayout>();
        foreach (var attachment in attachments)
        {
            if (Readable(attachment, name) is { } readable)
            {
                layouts.Add(Read(readable.Bytes, attachment.MediaType, readable.Name, cancellationToken));
            }
        }

        return EmlLayoutReader.Compose(message, layouts, _limits.MaxPages, name, cancellationToken);
    }

    private async Task<DocumentLayout> ReadEmlAsync(ReadOnlyMemory<byte> bytes, string name, CancellationToken cancellationToken)
    {
        var (message, attachments) = EmlLayoutReader.Parse(bytes, name);
        var layouts = new List<DocumentLayout>();
        foreach (var attachment in attachments)
        {
            if (Readable(attachment, name) is { } readable)
            {
                layouts.Add(await ReadAsync(readable.Bytes, attachment.MediaType, readable.Name, cancellationToken).ConfigureAwait(false));
            }
        }

        return EmlLayoutReader.Compose(message, layouts, _limits.MaxPages, name, cancellationToken);
    }

    /// <summary>
    /// An attachment's bytes and a name for messages ("mail.eml/invoice.pdf") when it is a
    /// document this reader can read; other attachments (archives, calendar invites, images
    /// without OCR) are left out rather than failing the whole message.
    /// </summary>
    private (byte[] Bytes, string Name)? Readable(MimePart attachment, string messageName)
    {
        var bytes = attachment.DecodedBody();
        var name = $"{messageName}/{attachment.FileName ?? "attachment"}";
        if (bytes.Length == 0 || bytes.Length > _limits.MaxBytes)
        {
            return null;
        }

        try
        {
            var format = DocumentFormatDetector.Detect(bytes, attachment.MediaType, name);
            return format == DocumentFormat.Image && _ocr is null ? null : (bytes, name);
        }
        catch (ExecutionFailedException e) when (e.Code == ErrorCodes.InvalidInput)
        {
            return null;
        }
    }

    private async Task<DocumentLayout> OcrPdfPagesAsync(DocumentLayout layout, ReadOnlyMemory<byte> bytes, List<int> pages, CancellationToken cancellationToken)
    {
        var directory = ScratchDirectory();
        try
        {
            var pdf = Path.Combine(directory, "document.pdf");
            await File.WriteAllBytesAsync(pdf, bytes, cancellationToken).ConfigureAwait(false);
            var recognized = await _ocr!.RecognizePdfPagesAsync(pdf, pages, directory, cancellationToken).ConfigureAwait(false);
            // A page read turned upright keeps its turned size.
            var merged = layout.Pages
                .Select(p => recognized.TryGetValue(p.Number, out var ocr) ? Sized(ocr, p) : p)
                .ToList();
            return layout with { Pages = merged };
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LayoutPage Sized(LayoutPage read, LayoutPage original) =>
        (read.Width > read.Height) == (original.Width > original.Height) || read.Width == 0
            ? read with { Width = original.Width, Height = original.Height }
            : read with { Width = original.Height, Height = original.Width };

    private static string ScratchDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "docket-ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private void CheckSize(long length, string name)
    {
        if (length == 0)
        {
            throw ExecutionFailedException.InvalidInput($"{name} is empty (0 bytes).");
        }

        if (length > _limits.MaxBytes)
        {
            throw ExecutionFailedException.InvalidInput(
                $"{name} is {length} bytes; documents of at most {_limits.MaxBytes} bytes are read.");
        }
    }
}
