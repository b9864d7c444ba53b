using System.Buffers.Binary;

namespace Docket.Engine.Readers;

/// <summary>
/// The pages of a TIFF, found by walking its image file directories. A page is read on its own
/// by pointing the header at its directory and ending the chain there: every other offset in
/// the file stays valid, so no pixel is decoded or copied to split a multi-page scan.
/// </summary>
internal static class TiffPages
{
    // More directories than this is a loop or a bomb, not a document.
    private const int MaxDirectories = 10_000;

    /// <summary>One directory: where it is, where its next-directory offset is, and the page size it declares.</summary>
    public readonly record struct Directory(int Offset, int NextPointer, int Width, int Height);

    public static bool IsTiff(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && (bytes[..4].SequenceEqual("II*\0"u8) || bytes[..4].SequenceEqual("MM\0*"u8));

    /// <summary>Every directory, in file order; a loop or an offset outside the file ends the walk.</summary>
    public static List<Directory> Directories(ReadOnlySpan<byte> bytes)
    {
        var directories = new List<Directory>();
        if (!IsTiff(bytes))
        {
            return directories;
        }

        var little = bytes[0] == 'I';
        var seen = new HashSet<long>();
        long offset = U32(bytes[4..], little);
        while (offset >= 8 && offset + 2 <= bytes.Length && seen.Add(offset) && directories.Count < MaxDirectories)
        {
            var start = (int)offset;
            var entries = U16(bytes[start..], little);
            var end = start + 2 + (entries * 12);
            if (end + 4 > bytes.Length)
            {
                break;
            }

            int width = 0, height = 0;
            for (var e = 0; e < entries; e++)
            {
                var entry = bytes[(start + 2 + (e * 12))..];
                var tag = U16(entry, little);
                var value = U16(entry[2..], little) == 3 ? U16(entry[8..], little) : (int)Math.Min(U32(entry[8..], little), int.MaxValue);
                if (tag == 256)
                {
                    width = value;
                }
                else if (tag == 257)
                {
                    height = value;
                }
            }

            directories.Add(new Directory(start, end, width, height));
            offset = U32(bytes[end..], little);
        }

        return directories;
    }

    /// <summary>
    /// Makes <paramref name="file"/> (the whole TIFF, written out) read as the single page of
    /// <paramref name="directory"/>: the header points at it and its chain ends there.
    /// </summary>
    public static void SelectPage(Stream file, Directory directory)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> order = stackalloc byte[1];
        file.Position = 0;
        file.ReadExactly(order);
        var little = order[0] == 'I';
        Span<byte> value = stackalloc byte[4];
        file.Position = 4;
        Write(value, (uint)directory.Offset, little);
        file.Write(value);
        file.Position = directory.NextPointer;
        Write(value, 0, little);
        file.Write(value);
        file.Flush();
    }

    private static void Write(Span<byte> target, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(target, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(target, value);
        }
    }

    private static uint U32(ReadOnlySpan<byte> s, bool little) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

    private static ushort U16(ReadOnlySpan<byte> s, bool little) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
}
