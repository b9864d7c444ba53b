using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Docket.Engine.Readers;

/// <summary>Reads the text layer of a PDF with PdfPig, page by page.</summary>
internal static class PdfLayoutReader
{
    // Lenient parsing and skipping missing fonts read the many slightly broken PDFs in the wild;
    // a font that cannot be found loses its text rather than the whole document.
    private static readonly ParsingOptions s_options = new()
    {
        UseLenientParsing = true,
        SkipMissingFonts = true,
        ClipPaths = false,
    };

    public static DocumentLayout Read(ReadOnlyMemory<byte> bytes, string name, ReaderLimits limits, CancellationToken cancellationToken)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(bytes, s_options);
        }
        catch (PdfDocumentEncryptedException)
        {
            throw ExecutionFailedException.InvalidInput(
                $"{name} is encrypted and needs a password to open; upload a copy without a password.");
        }
        catch (Exception ex) when (IsParserFailure(ex))
        {
            throw ExecutionFailedException.InvalidInput($"{name} is not a readable PDF: {ex.Message}");
        }

        using (document)
        {
            var count = document.NumberOfPages;
            if (count == 0)
            {
                throw ExecutionFailedException.InvalidInput($"{name} is a PDF without pages.");
            }

            if (count > limits.MaxPages)
            {
                throw ExecutionFailedException.InvalidInput(
                    $"{name} has {count} pages; at most {limits.MaxPages} pages are read per document.");
            }

            var pages = new List<LayoutPage>(count);
            for (var number = 1; number <= count; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Page page;
                List<Word> words;
                try
                {
                    page = document.GetPage(number);
                    words = page.GetWords().ToList();
                }
                catch (Exception ex) when (IsParserFailure(ex))
                {
                    throw ExecutionFailedException.InvalidInput($"Page {number} of {name} is not readable: {ex.Message}");
                }

                pages.Add(PdfPageReader.Read(page, words));
            }

            return new DocumentLayout(DocumentFormat.Pdf, LayoutUnit.Point, pages);
        }
    }

    /// <summary>
    /// PdfPig reports a malformed file with many exception types (format, key-not-found, index,
    /// invalid-operation), so anything but cancellation and exhaustion counts as a bad document.
    /// </summary>
    private static bool IsParserFailure(Exception ex) =>
        ex is not (OperationCanceledException or OutOfMemoryException or ExecutionFailedException);
}
