namespace Docket.Engine.Ocr;

/// <summary>Optical character recognition with Tesseract (section <c>Docket:Ocr</c>).</summary>
public sealed class OcrOptions
{
    /// <summary>The tesseract executable: a name on PATH or a full path.</summary>
    public string Tesseract { get; set; } = "tesseract";

    /// <summary>The poppler <c>pdftoppm</c> executable that renders PDF pages without a text layer.</summary>
    public string Pdftoppm { get; set; } = "pdftoppm";

    /// <summary>Tesseract language codes joined by '+', e.g. <c>eng+deu</c>; each needs its traineddata installed.</summary>
    public string Languages { get; set; } = "eng";

    /// <summary>
    /// Tesseract page segmentation modes, comma-separated; each runs and their words are merged.
    /// Mode 3 (automatic blocks) reads headers in inverted bands that mode 6 (one uniform block)
    /// misses; mode 6 keeps right-aligned amounts that mode 3 sometimes drops as noise.
    /// </summary>
    public string PageSegmentation { get; set; } = "3,6";

    internal IReadOnlyList<int> Modes => PageSegmentation.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(m => int.TryParse(m, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var mode) ? mode : -1)
        .ToList();

    /// <summary>Resolution PDF pages are rendered at for OCR.</summary>
    public int RenderDpi { get; set; } = 300;

    /// <summary>Longest one tesseract or pdftoppm run may take.</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Largest image (width × height) read; bigger images are refused, not decoded.</summary>
    public long MaxPixels { get; set; } = 80_000_000;

    /// <summary>Address space one tesseract or pdftoppm run may use, in megabytes; 0 for no limit.</summary>
    public long MemoryLimitMegabytes { get; set; } = 2048;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Tesseract) || string.IsNullOrWhiteSpace(Pdftoppm))
        {
            throw new InvalidOperationException("Docket:Ocr:Tesseract and Docket:Ocr:Pdftoppm must name executables.");
        }

        if (string.IsNullOrWhiteSpace(Languages) || Languages.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '_')))
        {
            throw new InvalidOperationException("Docket:Ocr:Languages must be tesseract language codes joined by '+'.");
        }

        if (Modes.Count == 0 || Modes.Any(m => m is < 1 or > 13) || RenderDpi is < 72 or > 600 || TimeoutSeconds <= 0 || MaxPixels <= 0 || MemoryLimitMegabytes < 0)
        {
            throw new InvalidOperationException("Docket:Ocr:RenderDpi must be 72–600, TimeoutSeconds and MaxPixels positive, MemoryLimitMegabytes zero or more.");
        }
    }
}
