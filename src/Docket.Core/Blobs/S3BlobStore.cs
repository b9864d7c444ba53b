using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Docket.Blobs;

/// <summary>
/// Blobs in an S3-compatible bucket under <c>&lt;prefix&gt;ab/abcdef…</c> (their SHA-256), shared by
/// every node. Uploads go up as multipart in parallel parts once they are large, so a 1 GiB file
/// never sits in memory; an object appears only when its upload completes, so a crash never
/// leaves a partial blob. Tools that need a file get a local copy, downloaded once per node into
/// a cache beside the temporary directory.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const long PartSize = 16L << 20;

    private readonly AmazonS3Client _client;
    private readonly TransferUtility _transfer;
    private readonly S3BlobLocation _location;
    private readonly string _cache;
    private readonly Lazy<Task> _bucket;

    public S3BlobStore(S3BlobLocation location, string localDirectory)
    {
        _location = location;
        var config = new AmazonS3Config
        {
            ForcePathStyle = location.PathStyle,
            AuthenticationRegion = location.Region,

            // Checksums only where S3 demands them: not every S3-compatible server accepts the
            // newer trailing checksums, and the content is verified by its SHA-256 anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (location.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(location.Region);
        }

        _client = new AmazonS3Client(config);
        _transfer = new TransferUtility(_client, new TransferUtilityConfig { MinSizeBeforePartUpload = PartSize, ConcurrentServiceRequests = 4 });
        var root = Path.GetFullPath(localDirectory);
        TemporaryDirectory = Path.Combine(root, "tmp");
        _cache = Path.Combine(root, "cache");
        Directory.CreateDirectory(TemporaryDirectory);
        Directory.CreateDirectory(_cache);
        _bucket = new Lazy<Task>(EnsureBucketAsync);
    }

    public string TemporaryDirectory { get; }

    public async Task PutFileAsync(string sha256, string temporaryPath, CancellationToken cancellationToken)
    {
        try
        {
            await _bucket.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!await ExistsAsync(sha256, cancellationToken).ConfigureAwait(false))
            {
                await _transfer.UploadAsync(
                    new TransferUtilityUploadRequest
                    {
                        BucketName = _location.Bucket,
                        Key = KeyOf(sha256),
                        FilePath = temporaryPath,
                        PartSize = PartSize,
                        ContentType = "application/octet-stream",
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_location.Bucket, KeyOf(sha256), cancellationToken).ConfigureAwait(false);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"Blob {sha256} is not in bucket {_location.Bucket}.", exception);
        }
    }

    public async Task<string> GetLocalPathAsync(string sha256, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(_cache, sha256[..2], sha256);
        if (File.Exists(cached))
        {
            return cached;
        }

        // Download beside the cache and rename: a reader never sees a partial copy, and two
        // downloads of the same blob at once both end with the same bytes in place.
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        var partial = Path.Combine(TemporaryDirectory, "download-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var source = await OpenReadAsync(sha256, cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(target, 1 << 20, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, cached, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return cached;
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_location.Bucket, KeyOf(sha256), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        await _client.DeleteObjectAsync(_location.Bucket, KeyOf(sha256), cancellationToken).ConfigureAwait(false);
        var cached = Path.Combine(_cache, sha256[..2], sha256);
        if (File.Exists(cached))
        {
            File.Delete(cached);
        }
    }

    public void Dispose()
    {
        _transfer.Dispose();
        _client.Dispose();
    }

    private string KeyOf(string sha256)
    {
        // Keys are built from our own hashes, but refuse anything else all the same.
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        return $"{_location.Prefix}{sha256[..2]}/{sha256}";
    }

    /// <summary>Creates the bucket on first use when it does not exist yet (a fresh MinIO or a test server).</summary>
    private async Task EnsureBucketAsync()
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _location.Bucket }).ConfigureAwait(false);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || exception.StatusCode == HttpStatusCode.Forbidden)
        {
            // It exists (ours, or one these credentials may write to but not create).
        }
    }

    /// <summary>The object's body; disposing it also releases the response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
