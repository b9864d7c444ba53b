using System.Buffers.Binary;

namespace Docket.Samples.BlurFaces;

/// <summary>An image's format and size, read from its header.</summary>
/// <param name="Format">PNG or JPEG.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record ImageHeader(string Format, int Width, int Height)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Reads a PNG's IHDR chunk or a JPEG's start-of-frame segment; null when the bytes are
    /// neither (or are cut short before the size).
    /// </summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> image)
    {
        // PNG: the signature, then IHDR first: length (4), "IHDR", width (4), height (4), big-endian.
        if (image.Length >= 24 && image[..8].SequenceEqual(PngSignature) && image[12..16].SequenceEqual("IHDR"u8))
        {
            return new ImageHeader("PNG", (int)BinaryPrimitives.ReadUInt32BigEndian(image[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(image[20..]));
        }

        return image.Length >= 4 && image[0] == 0xFF && image[1] == 0xD8 ? ReadJpeg(image) : null;
    }

    /// <summary>Walks the JPEG's segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).</summary>
    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> image)
    {
        var at = 2;
        while (at + 4 <= image.Length)
        {
            if (image[at] != 0xFF)
            {
                return null;
            }

            var marker = image[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(at + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                // Segment: length (2), precision (1), height (2), width (2).
                return at + 9 <= image.Length
                    ? new ImageHeader("JPEG", BinaryPrimitives.ReadUInt16BigEndian(image[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(at + 5)..]))
                    : null;
            }

            at += 2 + length;
        }

        return null;
    }
}
