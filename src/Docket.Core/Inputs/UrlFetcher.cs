using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Docket.Engine;
using Microsoft.Extensions.Options;

namespace Docket.Inputs;

/// <summary>
/// Downloads URL inputs to local files through the address guard, following redirects itself so
/// every hop is checked, and hashing while it streams so no body is ever held in memory.
/// Every failure is an invalid input naming why; the caller's cancellation stays a cancellation.
/// </summary>
public sealed class UrlFetcher : IDisposable
{
    private const int BufferSize = 81920;

    private readonly UrlFetchOptions _options;
    private readonly HttpClient _client;

    public UrlFetcher(IOptions<UrlFetchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new UrlFetchOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(UrlFetchOptions), validation.Failures);
        }

        var guard = new UrlGuard(_options.AllowPrivateUrls, _options.AllowedAddressesForTesting);
        var handler = GuardedHttpHandler.Create(guard, _options.Timeout);

        // One client for the process: the timeout is enforced per download by a token, not here.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", _options.UserAgent);
    }

    /// <summary>Downloads <paramref name="url"/> into a new file inside <paramref name="directory"/>.</summary>
    /// <exception cref="ExecutionFailedException">The URL was refused or the download failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FetchedFile> FetchAsync(Uri url, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(directory);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            var (response, finalUrl) = await GetFollowingRedirectsAsync(url, deadline.Token).ConfigureAwait(false);
            using (response)
            {
                return await SaveAsync(response, url, finalUrl, directory, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(url, string.Create(
                CultureInfo.InvariantCulture, $"it did not finish within {_options.Timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException e)
        {
            throw Failure(url, GuardedHttpHandler.Explain(e));
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<(HttpResponseMessage Response, Uri FinalUrl)> GetFollowingRedirectsAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            if (!UrlGuard.IsHttp(current))
            {
                throw Failure(url, current == url
                    ? "only http and https URLs can be downloaded"
                    : $"it redirected to {UrlGuard.Describe(current)}, but only http and https URLs can be downloaded");
            }

            HttpResponseMessage response;
            using (var request = GuardedHttpHandler.NewRequest(HttpMethod.Get, current))
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (!IsRedirect(response.StatusCode))
            {
                if (response.IsSuccessStatusCode)
                {
                    return (response, current);
                }

                response.Dispose();
                throw Failure(url, $"{Who(url, current)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw Failure(url, $"{Who(url, current)} redirected without a Location header");
            }

            if (redirects == _options.MaxRedirects)
            {
                throw Failure(url, $"it redirected more than {_options.MaxRedirects} times");
            }

            current = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
    }

    private async Task<FetchedFile> SaveAsync(
        HttpResponseMessage response, Uri url, Uri finalUrl, string directory, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxBytes)
        {
            throw TooLarge(url, $"its declared length of {declared} bytes");
        }

        var fileName = DownloadFileName.From(response, finalUrl);
        var contentType = ContentTypeOf(response.Content.Headers.ContentType, fileName);

        Directory.CreateDirectory(directory);
        // The remote name is only metadata; on disk the file gets a name nobody else chose.
        var path = Path.Combine(directory, "url-" + Guid.NewGuid().ToString("N") + DownloadFileName.SafeExtension(fileName));
        try
        {
            var (bytes, sha256, md5) = await CopyAsync(response, url, path, cancellationToken).ConfigureAwait(false);
            return new FetchedFile(path, fileName, contentType, bytes, sha256, md5);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task<(long Bytes, string Sha256, string Md5)> CopyAsync(
        HttpResponseMessage response, Uri url, string path, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // MD5 is a content fingerprint clients compare against, never a security check.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    long total = 0;
                    while (await ReadBodyAsync(body, buffer, url, cancellationToken).ConfigureAwait(false) is var read and > 0)
                    {
                        total += read;
                        if (total > _options.MaxBytes)
                        {
                            throw TooLarge(url, "the body");
                        }

                        sha256.AppendData(buffer, 0, read);
                        md5.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }

                    return (total, Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the next piece of the body. A broken connection is the remote side's failure and
    /// becomes an invalid input; errors writing the local file are not caught here on purpose.
    /// </summary>
    private static async Task<int> ReadBodyAsync(Stream body, byte[] buffer, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Failure(url, $"the connection broke while reading the body ({e.Message})");
        }
    }

    /// <summary>
    /// The server's media type, unless it sent none or only "application/octet-stream", which
    /// says no more than nothing: then the file name is the better witness.
    /// </summary>
    private static string ContentTypeOf(MediaTypeHeaderValue? header, string fileName) =>
        header?.MediaType is { Length: > 0 } type && !string.Equals(type, Files.ContentTypes.Binary, StringComparison.OrdinalIgnoreCase)
            ? type
            : Files.ContentTypes.FromFileName(fileName);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private ExecutionFailedException TooLarge(Uri url, string what) =>
        Failure(url, $"{what} exceeds the limit of {_options.MaxBytes} bytes");

    /// <summary>Names the server that answered: the URL is named only when a redirect led elsewhere.</summary>
    private static string Who(Uri url, Uri current) =>
        current == url ? "the server" : $"{UrlGuard.Describe(current)} (after redirects)";

    private static ExecutionFailedException Failure(Uri url, string why) =>
        ExecutionFailedException.InvalidInput($"Could not download {UrlGuard.Describe(url)}: {why.TrimEnd('.')}.");
}
