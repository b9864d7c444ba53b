using System.Net;

namespace Docket.Client;

/// <summary>
/// Streams a body from its source in chunks, reporting the bytes sent so far, and never buffers
/// it: with a known length (a file) HttpClient sends a Content-Length and copies chunk by chunk.
/// </summary>
internal sealed class ProgressStreamContent(Stream source, long? contentLength, Action<long> onSent) : HttpContent
{
    private const int ChunkSize = 81920;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        long sent = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            sent += read;
            onSent(sent);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = contentLength ?? -1;
        return contentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
