using System.Globalization;
using Docket.Engine.Readers;
using Docket.Tools;

namespace Docket.Engine.Ocr;

/// <summary>
/// Reads text from images with the Tesseract command-line program: word boxes from its TSV
/// output become a layout page like a PDF's. PDF pages without a text layer are rendered with
/// poppler's pdftoppm first. Runs are bounded in time and use no shell.
/// </summary>
public sealed class TesseractOcr
{
    private readonly OcrOptions _options;
    private readonly long _memoryLimitBytes;

    /// <param name="options">Programs, languages and the time limit of one run.</param>
    /// <param name="memoryLimitBytes">Address-space limit of each tesseract and pdftoppm run (the tools' limit); 0 for none.</param>
    public TesseractOcr(OcrOptions options, long memoryLimitBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _memoryLimitBytes = memoryLimitBytes;
    }

    public OcrOptions Options => _options;

    /// <summary>Recognises one image file as page <paramref name="number"/>, in pixels.</summary>
    public Task<LayoutPage> RecognizeAsync(string imagePath, int number, CancellationToken cancellationToken) =>
        RecognizeAsync(imagePath, number, 1, cancellationToken);

    /// <summary>
    /// Renders the given 1-based pages of a PDF and recognises them, in PDF points so they fit
    /// the pages read from the text layer.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, LayoutPage>> RecognizePdfPagesAsync(string pdfPath, IReadOnlyList<int> pages, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var result = new Dictionary<int, LayoutPage>();
        var dpi = _options.RenderDpi.ToString(CultureInfo.InvariantCulture);
        foreach (var page in pages)
        {
            var prefix = Path.Combine(workDirectory, $"page-{page}");
            var number = page.ToString(CultureInfo.InvariantCulture);
            await ToolProcess.RunAsync(
                _options.Pdftoppm,
                ["-r", dpi, "-f", number, "-l", number, "-gray", "-png", "-singlefile", pdfPath, prefix],
                Timeout,
                _memoryLimitBytes,
                cancellationToken).ConfigureAwait(false);
            var image = prefix + ".png";
            try
            {
                result[page] = await RecognizeAsync(image, page, 72.0 / _options.RenderDpi, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(image);
            }
        }

        return result;
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    private async Task<LayoutPage> RecognizeAsync(string imagePath, int number, double scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imagePath);

        // Rows are rebuilt from the word boxes afterwards, so Tesseract's own blocks only need
        // to find the words; the modes run side by side and their words are merged.
        var runs = _options.Modes.Select(mode => ToolProcess.RunAsync(
            _options.Tesseract,
            [imagePath, "stdout", "-l", _options.Languages, "--psm", mode.ToString(CultureInfo.InvariantCulture), "tsv"],
            Timeout,
            _memoryLimitBytes,
            cancellationToken));
        var tsv = await Task.WhenAll(runs).ConfigureAwait(false);
        return OcrPageBuilder.Build(tsv, number, scale);
    }
}
