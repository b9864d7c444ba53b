using System.Globalization;
using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Engine.Ocr;

/// <summary>
/// Pages scanned sideways or upside down. Tesseract reads a turned page badly: sideways its
/// words come out as tall boxes, upside down as low-confidence noise. Only such a page pays for
/// orientation detection (<c>--psm 0</c>) and a second reading of the page turned upright, so
/// upright pages cost nothing more.
/// </summary>
internal static class OcrOrientation
{
    // Fewer readable words than this and there is nothing to judge the orientation by.
    private const int MinWords = 3;

    /// <summary>Whether a reading (Tesseract TSV) looks like a turned page: mostly tall or mostly unsure words.</summary>
    public static bool LooksTurned(string tsv)
    {
        var words = Words(tsv);
        if (words.Count < MinWords)
        {
            return false;
        }

        var tall = words.Count(w => w.Height > 1.2 * w.Width);
        var sure = words.Count(w => w.Confidence >= 60);
        return tall * 2 > words.Count || sure * 2 < words.Count;
    }

    /// <summary>How well a reading went: confident words of three or more letters on upright boxes.</summary>
    public static int Score(string tsv) => Words(tsv).Count(w => w.Confidence >= 60 && w.Height <= 1.2 * w.Width);

    /// <summary>The clockwise turn (90, 180 or 270) that makes the page upright, from Tesseract's OSD output; 0 when upright or unsure.</summary>
    public static int Rotation(string osd)
    {
        ArgumentNullException.ThrowIfNull(osd);
        int? rotate = null;
        double confidence = 0;
        foreach (var line in osd.Split('\n'))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                continue;
            }

            if (parts[0] == "Rotate" && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var degrees))
            {
                rotate = degrees;
            }
            else if (parts[0] == "Orientation confidence")
            {
                _ = double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out confidence);
            }
        }

        // Tesseract's own threshold for trusting an orientation guess is about 1.
        return rotate is 90 or 180 or 270 && confidence >= 1 ? rotate.Value : 0;
    }

    /// <summary>Writes the image at <paramref name="source"/> turned clockwise by <paramref name="degrees"/> as a PNG.</summary>
    public static void Turn(string source, int degrees, string target, long maxPixels, string name)
    {
        using var image = ImageFile.Read(source, maxPixels, name);
        using var turned = new Mat();
        Cv2.Rotate(image, turned, degrees switch
        {
            90 => RotateFlags.Rotate90Clockwise,
            180 => RotateFlags.Rotate180,
            _ => RotateFlags.Rotate90Counterclockwise,
        });
        ImageFile.WritePng(turned, target);
    }

    private static List<(double Width, double Height, double Confidence)> Words(string tsv)
    {
        var words = new List<(double, double, double)>();
        foreach (var raw in tsv.Split('\n'))
        {
            var f = raw.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || f[0] != "5" || f[11].Count(char.IsLetter) < 3)
            {
                continue;
            }

            words.Add((Number(f[8]), Number(f[9]), Number(f[10])));
        }

        return words;
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
