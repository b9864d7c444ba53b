using System.Text;
using Docket.Blobs;
using Docket.Files;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Scale;

/// <summary>
/// Files share their stored bytes by content. Deleting one file while an identical one is being
/// uploaded must never leave the new file without its bytes; on whichever store the tests run
/// (SQLite + local blobs, or PostgreSQL + S3 when DOCKET_TEST_DATABASE is set).
/// </summary>
public sealed class BlobReferenceTests
{
    [Fact]
    public async Task DeleteRacingAnIdenticalUpload_NeverLeavesTheNewFileWithoutItsBytes()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 0);
        var files = server.Services.GetRequiredService<FileService>();
        var blobs = server.Services.GetRequiredService<IBlobStore>();

        // Each round: a file, then at once its delete and an upload of the same bytes under a
        // new name. Eight rounds run at a time.
        var survivors = await Task.WhenAll(Enumerable.Range(0, 64).Chunk(8).Select(async chunk =>
        {
            var kept = new List<FileRecord>();
            foreach (var round in chunk)
            {
                var bytes = Encoding.UTF8.GetBytes($"round {round} of a race between delete and upload");
                var first = await files.UploadAsync("t1", new MemoryStream(bytes), "first.txt", "text/plain", "assistants", CancellationToken.None);
                var upload = Task.Run(() => files.UploadAsync("t1", new MemoryStream(bytes), "second.txt", "text/plain", "assistants", CancellationToken.None));
                var delete = Task.Run(() => files.DeleteAsync("t1", first.Id, CancellationToken.None));
                await Task.WhenAll((Task)upload, delete);
                kept.Add(await upload);
            }

            return kept;
        }));

        foreach (var file in survivors.SelectMany(s => s))
        {
            Assert.True(await blobs.ExistsAsync(file.Sha256!, CancellationToken.None), $"the bytes of {file.Id} are gone");
        }
    }

    [Fact]
    public async Task ArtifactWhoseBytesADeleteTookWhileItRan_RunsAgain_AndEndsWithItsBytesStored()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 1);
        var blobs = server.Services.GetRequiredService<IBlobStore>();
        var sha = Docket.Common.Hashing.Sha256Hex(Docket.TestHost.ArtifactAgent.Png);

        // The agent stores its PNG, then holds. Meanwhile a file with the same bytes is uploaded
        // and deleted: the delete finds no reference to the bytes (the artifact's row comes with
        // the completion) and removes them.
        var id = await server.Client.ExecuteAsync("""{"name":"test/artifact","config":{"hold_ms":1500}}""");
        await Eventually.TrueAsync(() => blobs.ExistsAsync(sha, CancellationToken.None), seconds: 10);
        var files = server.Services.GetRequiredService<FileService>();
        var file = await files.UploadAsync("t1", new MemoryStream(Docket.TestHost.ArtifactAgent.Png), "same.png", "image/png", "assistants", CancellationToken.None);
        await files.DeleteAsync("t1", file.Id, CancellationToken.None);
        Assert.False(await blobs.ExistsAsync(sha, CancellationToken.None));

        // The completion finds the bytes gone and the attempt runs again, storing them anew.
        var done = await server.Client.WaitAsync(id, seconds: 60);
        Assert.Equal(("completed", 2), (done["status"]!.GetValue<string>(), done["attempts"]!.GetValue<int>()));
        Assert.True(await blobs.ExistsAsync(sha, CancellationToken.None));
    }
}
