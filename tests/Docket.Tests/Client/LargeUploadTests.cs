using Docket.Client;

namespace Docket.Tests.Client;

/// <summary>Measures the process's allocations, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(LargeUploadTests), DisableParallelization = true)]
public sealed class LargeUploadCollection;

[Collection(nameof(LargeUploadTests))]
public sealed class LargeUploadTests : IDisposable
{
    private const long Size = 1L << 30;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"docket-large-{Guid.NewGuid():N}.bin");

    [Fact]
    public async Task Upload_OfA1GiBFile_HashesAndStreamsIt_AllocatingFarLessThanItsSize()
    {
        // Sparse: a gigabyte of zeros without writing one.
        using (var file = File.Create(_path))
        {
            file.SetLength(Size);
        }

        long received = 0;
        await using var server = await ScriptedServer.StartAsync(async (context, n) =>
        {
            if (context.Request.Method == "GET")
            {
                await ScriptedServer.JsonAsync(context, 404, """{"detail":"No file with this MD5.","code":"not_found"}""");
                return;
            }

            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }

            await ScriptedServer.JsonAsync(context, 201, """{"id":"file_big","filename":"big.bin","bytes":1073741824,"purpose":"assistants","created_at":"2025-01-01T00:00:00.000Z","object":"file"}""");
        });
        using var client = new DocketClient(new DocketClientOptions { BaseUrl = server.BaseUrl, ApiKey = "dk_test" });
        long lastReport = 0;
        var progress = new SynchronousProgress(sent => lastReport = sent);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var uploaded = await client.Files.UploadAsync(_path, new FileUploadOptions { Progress = progress });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("file_big", uploaded.Id);
        Assert.Equal(Size, lastReport);
        Assert.InRange(received, Size, Size + 1024);
        Assert.True(allocated < 16L << 20, $"uploading 1 GiB allocated {allocated >> 20} MiB");
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e".Length, server.Received[0].PathAndQuery.Split('/')[^1].Length);
    }

    public void Dispose() => File.Delete(_path);

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
