namespace Docket.Engine.Readers;

/// <summary>The formats <see cref="DocumentReader"/> understands.</summary>
public enum DocumentFormat
{
    Pdf,
    Text,
    Markdown,
    Csv,
    Html,

    /// <summary>A raster image (PNG, JPEG, TIFF, WebP, BMP, GIF): read by OCR.</summary>
    Image,
}
