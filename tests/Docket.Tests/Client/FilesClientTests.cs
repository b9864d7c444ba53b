using System.Net;
using System.Security.Cryptography;
using Docket.Client;

namespace Docket.Tests.Client;

public sealed class FilesClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-client-files-").FullName;

    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task Upload_FromAPath_StoresTheBytes_AndReportsProgressUpToTheFileSize()
    {
        var bytes = RandomBytes(300_000);
        var path = WriteFile("scan.bin", bytes);
        var progress = new RecordingProgress();

        var file = await Client.Files.UploadAsync(path, new FileUploadOptions { Progress = progress });

        Assert.Equal("scan.bin", file.Filename);
        Assert.Equal(bytes.Length, file.Bytes);
        Assert.Equal("assistants", file.Purpose);
        Assert.Equal("file", file.ObjectType);
        Assert.Equal(Md5(bytes), file.Md5);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        Assert.Equal(bytes.Length, progress.Values[^1]);
        Assert.True(progress.Values.Count > 1, "a 300 kB upload reports more than once");
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.Equal(bytes, await DownloadAsync(file.Id));
    }

    [Fact]
    public async Task Upload_OfContentTheServerHas_MakesNoPost_AndReturnsTheExistingFile()
    {
        var bytes = RandomBytes(50_000);
        var first = await Client.Files.UploadAsync(WriteFile("first.bin", bytes));
        var recorder = new RecordingHandler();
        using var counted = fixture.CreateClient(recorder);
        var progress = new RecordingProgress();

        var second = await counted.Files.UploadAsync(WriteFile("again.bin", bytes), new FileUploadOptions { Progress = progress });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal([$"GET /v1/files/hash/{first.Md5}"], recorder.Requests);
        Assert.Empty(progress.Values);
    }

    [Fact]
    public async Task Upload_WithReuseExistingOff_PostsAgain_AsANewFile()
    {
        var bytes = RandomBytes(10_000);
        var path = WriteFile("twice.bin", bytes);
        var first = await Client.Files.UploadAsync(path);
        var recorder = new RecordingHandler();
        using var counted = fixture.CreateClient(recorder);

        var second = await counted.Files.UploadAsync(path, new FileUploadOptions { ReuseExisting = false, FileName = "renamed.bin", Purpose = "vision" });

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(["POST /v1/files?purpose=vision"], recorder.Requests);
        Assert.Equal(("renamed.bin", "vision", first.Sha256), (second.Filename, second.Purpose, second.Sha256));
    }

    [Fact]
    public async Task Upload_FromASeekableStream_UploadsFromItsPosition_AndLeavesItOpen()
    {
        var bytes = RandomBytes(20_000);
        using var stream = new MemoryStream([.. "HEADER"u8, .. bytes]) { Position = 6 };

        var file = await Client.Files.UploadAsync(stream, "from-stream.bin", new FileUploadOptions { ContentType = "application/x-test" });

        Assert.Equal(bytes.Length, file.Bytes);
        Assert.Equal("application/x-test", file.ContentType);
        Assert.True(stream.CanRead);
        Assert.Equal(bytes, await DownloadAsync(file.Id));
    }

    [Fact]
    public async Task Upload_FromAOneWayStream_SendsItOnce_WithoutAHashLookup()
    {
        var bytes = RandomBytes(20_000);
        var recorder = new RecordingHandler();
        using var counted = fixture.CreateClient(recorder);
        await using var pipe = new OneWayStream(bytes);

        var file = await counted.Files.UploadAsync(pipe, "piped.txt");

        Assert.Equal(["POST /v1/files?purpose=assistants"], recorder.Requests);
        Assert.Equal("text/plain", file.ContentType);
        Assert.Equal(bytes, await DownloadAsync(file.Id));
    }

    [Fact]
    public async Task GetListFindAndDelete_SeeTheSameFile_UntilItIsDeleted()
    {
        var bytes = RandomBytes(1_000);
        var uploaded = await Client.Files.UploadAsync(WriteFile("listed.bin", bytes));

        var got = await Client.Files.GetAsync(uploaded.Id);
        var listed = await Client.Files.ListAsync(limit: 1000);
        var found = await Client.Files.FindByHashAsync(uploaded.Md5!.ToUpperInvariant());
        var deleted = await Client.Files.DeleteAsync(uploaded.Id);
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Files.GetAsync(uploaded.Id));

        Assert.Equal(uploaded, got);
        Assert.Contains(listed, f => f.Id == uploaded.Id);
        Assert.Equal(uploaded.Id, found?.Id);
        Assert.Equal(uploaded.Id, deleted.Id);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task FindByHash_OfUnknownContent_IsNull()
    {
        Assert.Null(await Client.Files.FindByHashAsync(Md5(RandomBytes(64))));
    }

    [Fact]
    public async Task List_PagesNewestFirst()
    {
        var a = await Client.Files.UploadAsync(WriteFile("page-a.bin", RandomBytes(100)));
        var b = await Client.Files.UploadAsync(WriteFile("page-b.bin", RandomBytes(100)));

        var first = await Client.Files.ListAsync(skip: 0, limit: 1);
        var second = await Client.Files.ListAsync(skip: 1, limit: 1);

        Assert.Equal([b.Id, a.Id], [first.Single().Id, second.Single().Id]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<byte[]> DownloadAsync(string fileId)
    {
        await using var stream = await Client.Files.DownloadAsync(fileId);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // CA5351: MD5 is the server's content lookup key, which the test recomputes; not a security choice.
#pragma warning disable CA5351
    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class RecordingProgress : IProgress<long>
    {
        private readonly List<long> _values = [];

        public IReadOnlyList<long> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(long value)
        {
            lock (_values)
            {
                _values.Add(value);
            }
        }
    }

    /// <summary>A stream that can only be read forwards, like a pipe or a network body.</summary>
    private sealed class OneWayStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
