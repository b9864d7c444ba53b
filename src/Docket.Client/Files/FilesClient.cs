using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Docket.Client;

/// <summary>Files: upload (streamed, de-duplicated by content), list, get, download, delete.</summary>
public sealed class FilesClient
{
    private readonly DocketTransport _transport;

    internal FilesClient(DocketTransport transport) => _transport = transport;

    /// <summary>
    /// Uploads a file from disk, streaming it (memory stays flat whatever its size). Unless
    /// <see cref="FileUploadOptions.ReuseExisting"/> is off, it first computes the file's MD5
    /// (streaming too) and returns the server's file with that content if there is one.
    /// </summary>
    /// <param name="path">The file to upload.</param>
    /// <param name="options">Purpose, name, media type, progress and de-duplication.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<FileResponse> UploadAsync(string path, FileUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new FileUploadOptions();
        var fileName = options.FileName ?? Path.GetFileName(path);
        if (options.ReuseExisting)
        {
            string md5;
            var hashing = OpenRead(path);
            await using (hashing.ConfigureAwait(false))
            {
                md5 = await Md5Async(hashing, cancellationToken).ConfigureAwait(false);
            }

            if (await FindByHashAsync(md5, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
        }

        // A fresh stream per attempt, so a retried upload sends the whole file again.
        return await PostAsync(() => OpenRead(path), fileName, options, RetryMode.Always, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads from a stream, read from its current position to its end. A seekable stream is
    /// de-duplicated by MD5 like a path and retried when that is safe; a one-way stream is sent
    /// once, without either.
    /// </summary>
    /// <param name="content">The content; left open.</param>
    /// <param name="fileName">The name to store.</param>
    /// <param name="options">Purpose, media type, progress and de-duplication.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<FileResponse> UploadAsync(Stream content, string fileName, FileUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        options ??= new FileUploadOptions();
        if (!content.CanSeek)
        {
            return await PostAsync(() => new NonClosingStream(content), fileName, options, RetryMode.Never, cancellationToken).ConfigureAwait(false);
        }

        var start = content.Position;
        if (options.ReuseExisting)
        {
            var md5 = await Md5Async(content, cancellationToken).ConfigureAwait(false);
            if (await FindByHashAsync(md5, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
        }

        return await PostAsync(
            () =>
            {
                content.Position = start;
                return new NonClosingStream(content);
            },
            fileName,
            options,
            RetryMode.Always,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file with this MD5 (lowercase or uppercase hex), or null if the server has none.</summary>
    /// <param name="md5">The content's MD5 as hex.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<FileResponse?> FindByHashAsync(string md5, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(md5);
        try
        {
            return await _transport.GetAsync<FileResponse>($"files/hash/{Uri.EscapeDataString(md5)}", cancellationToken).ConfigureAwait(false);
        }
        catch (DocketApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>One file.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<FileResponse> GetAsync(string fileId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<FileResponse>($"files/{Escape(fileId)}", cancellationToken);

    /// <summary>Files, newest first.</summary>
    /// <param name="skip">How many to skip.</param>
    /// <param name="limit">How many to return (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<FileResponse>> ListAsync(int skip = 0, int limit = 10, CancellationToken cancellationToken = default) =>
        await _transport.GetAsync<List<FileResponse>>(string.Create(CultureInfo.InvariantCulture, $"files?skip={skip}&limit={limit}"), cancellationToken).ConfigureAwait(false);

    /// <summary>The file's bytes; dispose the stream when done.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call (and reads, when passed to them).</param>
    public async Task<Stream> DownloadAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendAsync(new DocketRequest(HttpMethod.Get, $"files/{Escape(fileId)}/content") { Streamed = true }, cancellationToken).ConfigureAwait(false);
        return await ResponseStream.OpenAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a file and returns what it was.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<FileResponse> DeleteAsync(string fileId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(new DocketRequest(HttpMethod.Delete, $"files/{Escape(fileId)}"), DocketJson.Info<FileResponse>(), cancellationToken);

    private Task<FileResponse> PostAsync(Func<Stream> open, string fileName, FileUploadOptions options, RetryMode retry, CancellationToken cancellationToken)
    {
        var call = new DocketRequest(HttpMethod.Post, $"files?purpose={Uri.EscapeDataString(options.Purpose)}")
        {
            Retry = retry,
            // Lets a server refuse an oversized file (413) before it is sent; a server that ignores
            // the header gets the body after HttpClient's short Expect100ContinueTimeout.
            ExpectContinue = true,
            CreateContent = keepAlive =>
            {
                var source = open();
                long? length = source.CanSeek ? source.Length - source.Position : null;
                var part = new ProgressStreamContent(source, length, sent =>
                {
                    keepAlive();
                    options.Progress?.Report(sent);
                });
                if (options.ContentType is not null)
                {
                    part.Headers.ContentType = MediaTypeHeaderValue.Parse(options.ContentType);
                }

                var form = new MultipartFormDataContent();
                form.Add(part, "file", fileName);
                return form;
            },
        };
        return _transport.SendAsync(call, DocketJson.Info<FileResponse>(), cancellationToken);
    }

    private static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });

    /// <summary>MD5 in large chunks from the stream's position to its end; never the whole content in memory.</summary>
    private static async Task<string> Md5Async(Stream stream, CancellationToken cancellationToken)
    {
        // CA5351: MD5 is the server's content lookup key here (as in the VLM Run SDKs), not a security measure.
#pragma warning disable CA5351
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private static string Escape(string id) => Paths.Escape(id);
}
