using System.Buffers.Binary;
using System.IO.Compression;
using OpenCvSharp;

namespace Docket.Tests.Engine;

/// <summary>Builds image files byte by byte, including ones whose header does not tell the truth.</summary>
internal static class TestImages
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    /// <summary>
    /// A white PNG whose header says <paramref name="width"/>×<paramref name="height"/> pixels
    /// while its data holds <paramref name="dataWidth"/>×<paramref name="dataHeight"/>; 1 bit
    /// per pixel, so even a huge one compresses to little.
    /// </summary>
    public static byte[] WhitePng(int width, int height, int dataWidth, int dataHeight)
    {
        var row = new byte[1 + ((dataWidth + 7) / 8)];
        Array.Fill(row, (byte)0xFF, 1, row.Length - 1);
        using var data = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < dataHeight; y++)
            {
                zlib.Write(row);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A multi-page TIFF of the given PNG pages, in order, written by OpenCV (libtiff).</summary>
    public static byte[] MultiPageTiff(IEnumerable<byte[]> pngPages)
    {
        var mats = pngPages.Select(p => Cv2.ImDecode(p, ImreadModes.Grayscale)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"docket-test-{Guid.NewGuid():N}.tif");
        try
        {
            Assert.True(Cv2.ImWrite(path, mats), "OpenCV could not write the TIFF");
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
            mats.ForEach(m => m.Dispose());
        }
    }

    /// <summary>The PNG turned clockwise by 90, 180 or 270 degrees, as a page fed sideways or upside down into a scanner.</summary>
    public static byte[] Turned(byte[] png, int degrees)
    {
        using var image = Cv2.ImDecode(png, ImreadModes.Grayscale);
        using var turned = new Mat();
        Cv2.Rotate(image, turned, degrees switch
        {
            90 => RotateFlags.Rotate90Clockwise,
            180 => RotateFlags.Rotate180,
            270 => RotateFlags.Rotate90Counterclockwise,
            _ => throw new ArgumentOutOfRangeException(nameof(degrees)),
        });
        return turned.ToBytes(".png");
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc ^ 0xFFFFFFFF);
        png.Write(tail);
    }
}
