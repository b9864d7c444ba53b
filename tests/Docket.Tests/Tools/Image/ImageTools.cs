using Docket.Engine.Ocr;
using Docket.Tools;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Tools.Image;

/// <summary>The image tools wired as the server wires them, and a scanned-looking invoice page to read.</summary>
internal static class ImageTools
{
    private static readonly Lazy<FaceDetector> Detector = new(() => new FaceDetector(new ImageToolOptions()));
    private static readonly Lazy<TesseractOcr> Ocr = new(() => new TesseractOcr(new OcrOptions()));
    private static readonly SemaphoreSlim Rendering = new(1, 1);
    private static string? _invoicePage;

    public static IOptions<ImageToolOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new ImageToolOptions());

    public static ImageBlurFacesTool BlurFaces => new(Detector.Value, Options);

    public static DetectFacesTool DetectFaces => new(Detector.Value, Options);

    public static OcrTool OcrTool => new(Ocr.Value, Options);

    public static RedactTextTool RedactText => new(Ocr.Value, Options);

    /// <summary>Page 1 of samples/documents/invoice.pdf rendered to a greyscale PNG at 150 dpi, as a scan would give it.</summary>
    public static async Task<string> InvoicePageAsync()
    {
        await Rendering.WaitAsync();
        try
        {
            if (_invoicePage is null || !File.Exists(_invoicePage))
            {
                var prefix = Path.Combine(Directory.CreateTempSubdirectory("docket-invoice-page-").FullName, "invoice");
                var pdf = Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");
                await ToolProcess.RunAsync("pdftoppm", ["-r", "150", "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", pdf, prefix], TimeSpan.FromSeconds(60), CancellationToken.None);
                _invoicePage = prefix + ".png";
            }

            return _invoicePage;
        }
        finally
        {
            Rendering.Release();
        }
    }
}
