using System.Net;
using System.Security.Cryptography;
using Docket.Engine;
using Docket.Inputs;
using Docket.Tests.Support;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Inputs;

public sealed class UrlFetcherTests : IClassFixture<LoopbackHttpServer>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly LoopbackHttpServer _server;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "docket-fetch-" + Guid.NewGuid().ToString("N"));

    public UrlFetcherTests(LoopbackHttpServer server) => _server = server;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Fetch_File_SavesBytesWithNameTypeAndHashes()
    {
        using var fetcher = Fetcher();

        var file = await fetcher.FetchAsync(_server.Url("file/report.pdf"), _directory, CancellationToken.None);

        Assert.Equal(LoopbackHttpServer.Report, await File.ReadAllBytesAsync(file.Path));
        Assert.Equal(_directory, Path.GetDirectoryName(file.Path));
        Assert.EndsWith(".pdf", file.Path, StringComparison.Ordinal);
        Assert.Equal("report.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(LoopbackHttpServer.Report.Length, file.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(LoopbackHttpServer.Report)), file.Sha256);
#pragma warning disable CA5351 // The fetcher reports MD5 as a fingerprint; the test recomputes it.
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(LoopbackHttpServer.Report)), file.Md5);
#pragma warning restore CA5351
    }

    [Fact]
    public async Task Fetch_LoopbackWithAllowPrivateUrls_Downloads()
    {
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions { AllowPrivateUrls = true }));

        var file = await fetcher.FetchAsync(_server.Url("file/report.pdf"), _directory, CancellationToken.None);

        Assert.Equal(LoopbackHttpServer.Report.Length, file.Bytes);
    }

    [Fact]
    public async Task Fetch_LoopbackWithoutAllow_IsRefused()
    {
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions()));

        var error = await FailsAsync(fetcher, _server.Url("file/report.pdf"));

        Assert.Contains("127.0.0.1 (loopback)", error.Message, StringComparison.Ordinal);
        AssertNoFilesLeft();
    }

    [Fact]
    public async Task Fetch_LocalhostWithoutAllow_IsRefused()
    {
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions()));

        var error = await FailsAsync(fetcher, new Uri($"http://localhost:{_server.Port}/file/report.pdf"));

        Assert.Contains("refused to contact localhost", error.Message, StringComparison.Ordinal);
        Assert.Contains("(loopback)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_IPv6LoopbackLiteralWithoutAllow_IsRefused()
    {
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions()));

        var error = await FailsAsync(fetcher, new Uri($"http://[::1]:{_server.Port}/file/report.pdf"));

        Assert.Contains("::1 (loopback)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectChain_FollowsToTheFile()
    {
        using var fetcher = Fetcher();

        var file = await fetcher.FetchAsync(_server.Url("redirect/3"), _directory, CancellationToken.None);

        Assert.Equal("report.pdf", file.FileName);
        Assert.Equal(LoopbackHttpServer.Report, await File.ReadAllBytesAsync(file.Path));
    }

    [Fact]
    public async Task Fetch_MoreRedirectsThanAllowed_Fails()
    {
        using var fetcher = Fetcher(options => options.MaxRedirects = 2);

        var error = await FailsAsync(fetcher, _server.Url("redirect/3"));

        Assert.Contains("redirected more than 2 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectToForbiddenAddress_IsRefusedAtThatHop()
    {
        using var fetcher = Fetcher();
        var target = $"http://127.0.0.2:{_server.Port}/file/report.pdf";

        var error = await FailsAsync(fetcher, _server.Url("redirect-to?target=" + Uri.EscapeDataString(target)));

        Assert.Contains("127.0.0.2 (not in the test allow-list)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectToFileScheme_IsRefused()
    {
        using var fetcher = Fetcher();

        var error = await FailsAsync(fetcher, _server.Url("redirect-to?target=" + Uri.EscapeDataString("file:///etc/passwd")));

        Assert.Contains("it redirected to file:///etc/passwd, but only http and https URLs can be downloaded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/report.pdf")]
    [InlineData("file:///etc/passwd")]
    public async Task Fetch_NonHttpScheme_IsRefused(string url)
    {
        using var fetcher = Fetcher();

        var error = await FailsAsync(fetcher, new Uri(url));

        Assert.Contains("only http and https", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "the server answered HTTP 404 Not Found.")]
    [InlineData(500, "the server answered HTTP 500 Internal Server Error.")]
    public async Task Fetch_ErrorStatus_FailsNamingTheStatus(int status, string expected)
    {
        using var fetcher = Fetcher();

        var error = await FailsAsync(fetcher, _server.Url($"status/{status}"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectToMissingFile_NamesTheHopThatFailed()
    {
        using var fetcher = Fetcher();

        var error = await FailsAsync(fetcher, _server.Url("redirect-to?target=/status/404"));

        Assert.Contains($"{_server.Url("status/404")} (after redirects) answered HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_DeclaredLengthOverLimit_IsRefusedBeforeReading()
    {
        using var fetcher = Fetcher(options => options.MaxBytes = 1 << 20);

        var error = await FailsAsync(fetcher, _server.Url("declared-large"));

        Assert.Contains("declared length of 10000000 bytes exceeds the limit of 1048576 bytes", error.Message, StringComparison.Ordinal);
        AssertNoFilesLeft();
    }

    [Fact]
    public async Task Fetch_EndlessBody_StopsAtTheLimitAndLeavesNoFile()
    {
        using var fetcher = Fetcher(options => options.MaxBytes = 256 * 1024);

        var error = await FailsAsync(fetcher, _server.Url("endless"));

        Assert.Contains("the body exceeds the limit of 262144 bytes", error.Message, StringComparison.Ordinal);
        AssertNoFilesLeft();
    }

    [Fact]
    public async Task Fetch_StalledBody_TimesOut()
    {
        using var fetcher = Fetcher(options => options.Timeout = TimeSpan.FromMilliseconds(500));

        var error = await FailsAsync(fetcher, _server.Url($"slow/{Guid.NewGuid():N}"));

        Assert.Contains("did not finish within 0.5 s", error.Message, StringComparison.Ordinal);
        AssertNoFilesLeft();
    }

    [Fact]
    public async Task Fetch_CallerCancels_ThrowsOperationCanceledNotAFailure()
    {
        using var fetcher = Fetcher();
        using var cancellation = new CancellationTokenSource();
        var id = Guid.NewGuid().ToString("N");

        var fetch = fetcher.FetchAsync(_server.Url($"slow/{id}"), _directory, cancellation.Token);
        await _server.Arrival(id).WaitAsync(Deadline);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(Deadline));
        AssertNoFilesLeft();
    }

    [Fact]
    public async Task Fetch_ContentDispositionWithPath_GivesPlainFileName()
    {
        using var fetcher = Fetcher();

        var file = await fetcher.FetchAsync(_server.Url("named"), _directory, CancellationToken.None);

        Assert.Equal("evil name.txt", file.FileName);
        Assert.Equal("text/plain", file.ContentType);
        Assert.Equal(_directory, Path.GetDirectoryName(file.Path));
        Assert.Equal("named", await File.ReadAllTextAsync(file.Path));
    }

    [Fact]
    public async Task Fetch_NoContentType_GuessesFromTheName()
    {
        using var fetcher = Fetcher();

        var file = await fetcher.FetchAsync(_server.Url("untyped/photo.png"), _directory, CancellationToken.None);

        Assert.Equal("photo.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(100, file.Bytes);
    }

    [Fact]
    public async Task Fetch_ClosedPort_FailsAsInvalidInput()
    {
        using var fetcher = Fetcher();

        var port = ClosedPort.Find();

        var error = await FailsAsync(fetcher, new Uri($"http://127.0.0.1:{port}/file/report.pdf"));

        Assert.StartsWith($"Could not download http://127.0.0.1:{port}/file/report.pdf: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(127.0.0.1:{port})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_HttpsWithUntrustedCertificate_FailsNamingTls()
    {
        using var fetcher = Fetcher();

        var error = await FailsAsync(fetcher, new Uri(_server.HttpsBaseUrl, "file/report.pdf"));

        Assert.Contains("the TLS connection failed: The remote certificate is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construct_WithInvalidOptions_Throws()
    {
        var options = Options.Create(new UrlFetchOptions { MaxBytes = 0, Timeout = TimeSpan.Zero });

        var error = Assert.Throws<OptionsValidationException>(() => new UrlFetcher(options));

        Assert.Contains("MaxBytes must be positive.", error.Failures);
        Assert.Contains("Timeout must be positive.", error.Failures);
    }

    /// <summary>A fetcher that may reach 127.0.0.1, where the test server is, and nothing else.</summary>
    private static UrlFetcher Fetcher(Action<UrlFetchOptions>? configure = null)
    {
        var options = new UrlFetchOptions { AllowedAddressesForTesting = new HashSet<IPAddress> { IPAddress.Loopback } };
        configure?.Invoke(options);
        return new UrlFetcher(Options.Create(options));
    }

    private async Task<ExecutionFailedException> FailsAsync(UrlFetcher fetcher, Uri url)
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(
            () => fetcher.FetchAsync(url, _directory, CancellationToken.None).WaitAsync(Deadline));
        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        return error;
    }

    private void AssertNoFilesLeft() =>
        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any());
}
