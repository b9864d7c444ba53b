using System.Buffers;
using System.Security.Cryptography;

namespace Docket.Blobs;

/// <summary>What a streamed write produced: a complete temporary file and its digests.</summary>
public sealed record WrittenBlob(string TemporaryPath, long Bytes, string Md5, string Sha256);

/// <summary>Thrown when a stream is longer than the limit; nothing is kept.</summary>
public sealed class BlobTooLargeException(long limit) : Exception($"The content is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Copies a stream to a temporary file while computing MD5 and SHA-256 in the same pass, so a
/// 1 GiB upload costs one read, one write and a fixed buffer of memory.
/// </summary>
public static class HashingBlobWriter
{
    private const int BufferSize = 1 << 20;

    public static async Task<WrittenBlob> WriteAsync(Stream source, string directory, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "upload-" + Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                Task pendingWrite = Task.CompletedTask;
                var spare = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int read;
                    while ((read = await ReadFullAsync(source, buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > maxBytes)
                        {
                            throw new BlobTooLargeException(maxBytes);
                        }

                        // The chunk is written, hashed with MD5 on another core and with SHA-256 here,
                        // all at once, while the next chunk is read into the other buffer.
                        await pendingWrite.ConfigureAwait(false);
                        pendingWrite = target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).AsTask();
                        var chunk = buffer;
                        var md5Task = Task.Run(() => md5.AppendData(chunk, 0, read), CancellationToken.None);
                        sha256.AppendData(buffer, 0, read);
                        await md5Task.ConfigureAwait(false);
                        (buffer, spare) = (spare, buffer);
                    }

                    await pendingWrite.ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(spare);
                }
            }

            return new WrittenBlob(path, total, Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadFullAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, BufferSize) - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
            if (filled >= BufferSize)
            {
                break;
            }
        }

        return filled;
    }
}
