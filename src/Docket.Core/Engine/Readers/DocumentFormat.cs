namespace Docket.Engine.Readers;

/// <summary>The formats <see cref="DocumentReader"/> understands.</summary>
public enum DocumentFormat
{
    Pdf,
    Text,
    Markdown,
    Csv,
    Html,

    /// <summary>A Word document (Office Open XML).</summary>
    Docx,

    /// <summary>An Excel workbook (Office Open XML): one page per sheet.</summary>
    Xlsx,

    /// <summary>An e-mail message (RFC 5322/MIME), with its readable attachments after the body.</summary>
    Eml,

    /// <summary>A raster image (PNG, JPEG, TIFF, WebP, BMP, GIF): read by OCR.</summary>
    Image,
}
