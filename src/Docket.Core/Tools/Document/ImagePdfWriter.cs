using System.Globalization;
using System.IO.Compression;
using System.Text;
using OpenCvSharp;

namespace Docket.Tools.Document;

/// <summary>
/// Writes page images as a PDF of its own: one page per image, each page exactly its image
/// (Flate-compressed RGB or grey samples), sized from the resolution it was rendered at. The
/// file holds no text layer, so whatever the images no longer show is gone from the document.
/// </summary>
internal static class ImagePdfWriter
{
    public static void Write(string path, IReadOnlyList<Mat> pages, int dpi)
    {
        using var output = File.Create(path);
        var offsets = new List<long>();
        void Ascii(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void Begin() => offsets.Add(output.Position);

        output.Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
        var pageObjects = Enumerable.Range(0, pages.Count).Select(i => 3 + (i * 3)).ToList();

        Begin();
        Ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        Begin();
        Ascii(Invariant($"2 0 obj\n<< /Type /Pages /Count {pages.Count} /Kids [{string.Join(' ', pageObjects.Select(n => Invariant($"{n} 0 R")))}] >>\nendobj\n"));

        for (var i = 0; i < pages.Count; i++)
        {
            var image = pages[i];
            var (page, content, xobject) = (pageObjects[i], pageObjects[i] + 1, pageObjects[i] + 2);
            var width = image.Width * 72.0 / dpi;
            var height = image.Height * 72.0 / dpi;
            Begin();
            Ascii(Invariant($"{page} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:0.###} {height:0.###}] /Resources << /XObject << /Im0 {xobject} 0 R >> >> /Contents {content} 0 R >>\nendobj\n"));
            var drawing = Invariant($"q {width:0.###} 0 0 {height:0.###} 0 0 cm /Im0 Do Q\n");
            Begin();
            Ascii(Invariant($"{content} 0 obj\n<< /Length {drawing.Length} >>\nstream\n{drawing}endstream\nendobj\n"));
            var (samples, colourSpace) = Samples(image);
            Begin();
            Ascii(Invariant($"{xobject} 0 obj\n<< /Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace /{colourSpace} /BitsPerComponent 8 /Filter /FlateDecode /Length {samples.Length} >>\nstream\n"));
            output.Write(samples);
            Ascii("\nendstream\nendobj\n");
        }

        var xref = output.Position;
        Ascii(Invariant($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            Ascii(Invariant($"{offset:D10} 00000 n \n"));
        }

        Ascii(Invariant($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
    }

    /// <summary>The image's samples top row first, RGB (or grey) order, zlib-compressed.</summary>
    private static (byte[] Samples, string ColourSpace) Samples(Mat image)
    {
        using var converted = new Mat();
        string space;
        switch (image.Channels())
        {
            case 1:
                image.CopyTo(converted);
                space = "DeviceGray";
                break;
            case 4:
                Cv2.CvtColor(image, converted, ColorConversionCodes.BGRA2RGB);
                space = "DeviceRGB";
                break;
            default:
                Cv2.CvtColor(image, converted, ColorConversionCodes.BGR2RGB);
                space = "DeviceRGB";
                break;
        }

        var rowBytes = converted.Width * converted.Channels();
        var raw = new byte[rowBytes * converted.Height];
        using (var continuous = converted.Clone())
        {
            // A fresh clone is one continuous block of rows.
            System.Runtime.InteropServices.Marshal.Copy(continuous.Data, raw, 0, raw.Length);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return (compressed.ToArray(), space);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
