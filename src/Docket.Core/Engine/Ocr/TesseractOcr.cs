using System.Globalization;
using Docket.Engine.Readers;
using Docket.Tools;

namespace Docket.Engine.Ocr;

/// <summary>
/// Reads text from images with the Tesseract command-line program: word boxes from its TSV
/// output become a layout page like a PDF's. PDF pages without a text layer are rendered with
/// poppler's pdftoppm first; a multi-page TIFF is read page by page; a page scanned sideways or
/// upside down is turned upright. Runs are bounded in time and memory and use no shell.
/// </summary>
public sealed class TesseractOcr
{
    private readonly OcrOptions _options;
    private readonly long _memoryLimitBytes;

    /// <param name="options">Programs, languages and the time limit of one run.</param>
    /// <param name="memoryLimitBytes">The tools' address-space limit for each tesseract and pdftoppm run (0 for none); the smaller of it and <see cref="OcrOptions.MemoryLimitMegabytes"/> applies.</param>
    public TesseractOcr(OcrOptions options, long memoryLimitBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _memoryLimitBytes = memoryLimitBytes;
    }

    public OcrOptions Options => _options;

    /// <summary>
    /// Recognises an image (every page of a multi-page TIFF), in pixels. <paramref name="name"/>
    /// names the file in error messages; scratch files go to <paramref name="workDirectory"/>.
    /// </summary>
    public async Task<IReadOnlyList<LayoutPage>> RecognizeImageAsync(ReadOnlyMemory<byte> bytes, string name, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var image = Path.Combine(workDirectory, "image");
        await File.WriteAllBytesAsync(image, bytes, cancellationToken).ConfigureAwait(false);
        var directories = TiffPages.Directories(bytes.Span);
        if (directories.Count <= 1)
        {
            return [await RecognizePageAsync(image, 1, 1, name, workDirectory, cancellationToken).ConfigureAwait(false)];
        }

        var pages = new List<LayoutPage>(directories.Count);
        for (var i = 0; i < directories.Count; i++)
        {
            await using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            {
                TiffPages.SelectPage(file, directories[i]);
            }

            pages.Add(await RecognizePageAsync(image, i + 1, 1, $"{name} (page {i + 1})", workDirectory, cancellationToken).ConfigureAwait(false));
        }

        return pages;
    }

    /// <summary>
    /// Recognises one single-page image file as page 1, in its own pixels and as it lies (no
    /// turning upright), so that word boxes can be drawn back onto the same image.
    /// </summary>
    public async Task<LayoutPage> RecognizeFileAsync(string imagePath, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        return OcrPageBuilder.Build(await ReadAsync(imagePath, name, cancellationToken).ConfigureAwait(false), 1, 1);
    }

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
                MemoryLimit,
                cancellationToken).ConfigureAwait(false);
            var image = prefix + ".png";
            try
            {
                result[page] = await RecognizePageAsync(image, page, 72.0 / _options.RenderDpi, $"page {page}", workDirectory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(image);
            }
        }

        return result;
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    /// <summary>The smaller of the OCR limit and the tools' limit given at construction (0 = none).</summary>
    private long MemoryLimit
    {
        get
        {
            var own = _options.MemoryLimitMegabytes * 1024L * 1024L;
            return own == 0 ? _memoryLimitBytes : _memoryLimitBytes == 0 ? own : Math.Min(own, _memoryLimitBytes);
        }
    }

    /// <summary>Reads one single-page image; a page that reads as if turned is read again upright when that reads better.</summary>
    private async Task<LayoutPage> RecognizePageAsync(string imagePath, int number, double scale, string name, string workDirectory, CancellationToken cancellationToken)
    {
        var runs = await ReadAsync(imagePath, name, cancellationToken).ConfigureAwait(false);
        if (!OcrOrientation.LooksTurned(runs[0]))
        {
            return OcrPageBuilder.Build(runs, number, scale);
        }

        var osd = await RunAsync([imagePath, "stdout", "--psm", "0"], name, cancellationToken, failureIsEmpty: true).ConfigureAwait(false);
        var rotation = OcrOrientation.Rotation(osd);
        if (rotation == 0)
        {
            return OcrPageBuilder.Build(runs, number, scale);
        }

        var upright = Path.Combine(workDirectory, "upright.png");
        try
        {
            OcrOrientation.Turn(imagePath, rotation, upright, _options.MaxPixels, name);
            var turned = await ReadAsync(upright, name, cancellationToken).ConfigureAwait(false);
            return OcrOrientation.Score(turned[0]) > OcrOrientation.Score(runs[0])
                ? OcrPageBuilder.Build(turned, number, scale)
                : OcrPageBuilder.Build(runs, number, scale);
        }
        finally
        {
            File.Delete(upright);
        }
    }

    /// <summary>
    /// The TSV of every configured page segmentation mode. Rows are rebuilt from the word boxes
    /// afterwards, so Tesseract's own blocks only need to find the words; the modes run side by
    /// side and their words are merged.
    /// </summary>
    private async Task<string[]> ReadAsync(string imagePath, string name, CancellationToken cancellationToken)
    {
        var runs = _options.Modes.Select(mode => RunAsync(
            [imagePath, "stdout", "-l", _options.Languages, "--psm", mode.ToString(CultureInfo.InvariantCulture), "tsv"],
            name,
            cancellationToken));
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs tesseract. An image it cannot decode (truncated, corrupt, or with a header that does
    /// not match its data) is invalid input, not a tool failure; with <paramref name="failureIsEmpty"/>
    /// any failure gives empty output.
    /// </summary>
    private async Task<string> RunAsync(string[] arguments, string name, CancellationToken cancellationToken, bool failureIsEmpty = false)
    {
        try
        {
            return await ToolProcess.RunAsync(_options.Tesseract, arguments, Timeout, MemoryLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionFailedException ex) when (ex.Code == ErrorCodes.ToolError && failureIsEmpty)
        {
            return string.Empty;
        }
        catch (ExecutionFailedException ex) when (ex.Code == ErrorCodes.ToolError && ex.Message.Contains("pix not read", StringComparison.Ordinal))
        {
            throw ExecutionFailedException.InvalidInput($"{name} is not a readable image: its data is damaged, cut short or does not match its header.");
        }
    }
}
