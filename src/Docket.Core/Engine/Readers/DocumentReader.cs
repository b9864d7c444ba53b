namespace Docket.Engine.Readers;

/// <summary>
/// Reads a document input (PDF, plain text, Markdown, CSV or HTML) into a
/// <see cref="DocumentLayout"/>. Anything it cannot read is an <see cref="ErrorCodes.InvalidInput"/>
/// failure whose message names the file and the reason.
/// </summary>
public sealed class DocumentReader
{
    private readonly ReaderLimits _limits;

    public DocumentReader(ReaderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxPages, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1, nameof(limits));
        _limits = limits;
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
        return Read(bytes, input.ContentType, name, cancellationToken);
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
            DocumentFormat.Csv => CsvLayoutReader.Read(TextDecoder.Decode(bytes.Span), cancellationToken),
            DocumentFormat.Html => HtmlLayoutReader.Read(TextDecoder.Decode(bytes.Span), cancellationToken),
            var format => PlainTextReader.Read(TextDecoder.Decode(bytes.Span), format),
        };
    }

    /// <summary>Reads text given inline as one page of plain text, a line per line.</summary>
    public static DocumentLayout ReadText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlainTextReader.Read(text.ReplaceLineEndings("\n"), DocumentFormat.Text);
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
