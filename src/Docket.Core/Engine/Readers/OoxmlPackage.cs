using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml;

namespace Docket.Engine.Readers;

/// <summary>
/// The zip container of an Office Open XML document, opened with caps on the number of entries
/// and on the bytes a part may inflate to, since a few kilobytes of zip can expand to gigabytes.
/// </summary>
internal sealed class OoxmlPackage : IDisposable
{
    internal const int MaxEntries = 10_000;
    internal const long MaxPartBytes = 64L * 1024 * 1024;
    internal const long MaxTotalBytes = 256L * 1024 * 1024;

    private readonly ZipArchive _archive;
    private readonly string _name;
    private long _inflated;

    private OoxmlPackage(ZipArchive archive, string name)
    {
        _archive = archive;
        _name = name;
    }

    public static OoxmlPackage Open(ReadOnlyMemory<byte> bytes, string name)
    {
        ZipArchive archive;
        try
        {
            var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw ExecutionFailedException.InvalidInput($"{name} is not a readable zip package: {e.Message}");
        }

        var entries = archive.Entries.Count;
        if (entries > MaxEntries)
        {
            archive.Dispose();
            throw ExecutionFailedException.InvalidInput($"{name} has {entries} zip entries; at most {MaxEntries} are read.");
        }

        return new OoxmlPackage(archive, name);
    }

    public bool Contains(string part) => _archive.GetEntry(part) is not null;

    /// <summary>Loads a part as XML; a missing part is invalid input unless <paramref name="optional"/>.</summary>
    public XmlDocument? Load(string part, bool optional = false)
    {
        var entry = _archive.GetEntry(part);
        if (entry is null)
        {
            return optional ? null : throw ExecutionFailedException.InvalidInput($"{_name} has no {part} part; it is not a complete Office document.");
        }

        // The declared size may lie, so the stream is also cut off at the cap while it is read.
        if (entry.Length > MaxPartBytes || _inflated + entry.Length > MaxTotalBytes)
        {
            throw TooLarge(part);
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            _inflated += read;
            if (buffer.Length + read > MaxPartBytes || _inflated > MaxTotalBytes)
            {
                throw TooLarge(part);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw ExecutionFailedException.InvalidInput($"{_name}: part {part} is not well-formed XML: {e.Message}");
        }

        return document;
    }

    private ExecutionFailedException TooLarge(string part) =>
        ExecutionFailedException.InvalidInput(
            $"{_name}: part {part} inflates beyond the limit ({MaxPartBytes >> 20} MiB a part, {MaxTotalBytes >> 20} MiB in all); it looks like a zip bomb.");

    public void Dispose() => _archive.Dispose();
}
