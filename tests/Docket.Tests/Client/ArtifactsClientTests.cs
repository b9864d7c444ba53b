using System.Net;
using Docket.Client;
using Docket.TestHost;

namespace Docket.Tests.Client;

public sealed class ArtifactsClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-client-artifacts-").FullName;

    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task ListAndSave_OfAnExecutionsArtifact_WriteThePngToDisk()
    {
        var done = await RunArtifactAgentAsync("artifacts-session-a");
        var objectId = done.Artifacts.Single().ObjectId;
        var path = Path.Combine(_directory, "pixel.png");
        await File.WriteAllTextAsync(path, "an older file that is replaced");

        var list = await Client.Artifacts.ListAsync(done.Id);
        var saved = await Client.Artifacts.SaveAsync(done.Id, new ImageRef(objectId), path);

        Assert.Equal(done.Id, list.NamespaceId);
        var item = Assert.Single(list.Items);
        Assert.Equal((objectId, "pixel.png", "store", "image/png", (long)ArtifactAgent.Png.Length, done.Id), (item.ObjectId, item.Filename, item.Source, item.ContentType, item.Bytes, item.ExecutionId));
        Assert.Equal(ArtifactAgent.Png.Length, saved);
        Assert.Equal(ArtifactAgent.Png, await File.ReadAllBytesAsync(path));
        Assert.Equal(["pixel.png"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ListForSession_HasTheArtifactsOfEveryExecutionInIt()
    {
        var first = await RunArtifactAgentAsync("artifacts-session-b");
        var second = await RunArtifactAgentAsync("artifacts-session-b");

        var list = await Client.Artifacts.ListForSessionAsync("artifacts-session-b");

        Assert.Equal("artifacts-session-b", list.NamespaceId);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), list.Items.Select(i => i.ExecutionId!).Order());
    }

    [Fact]
    public async Task Save_OfAnUnknownArtifact_IsA404_AndLeavesNoFile()
    {
        var done = await RunArtifactAgentAsync(null);
        var path = Path.Combine(_directory, "missing.png");

        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Artifacts.SaveAsync(done.Id, "img_000000", path));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<Execution> RunArtifactAgentAsync(string? session)
    {
        var pending = await Client.Agent.ExecuteAsync(new ExecuteRequest { Name = "test/artifact", Metadata = session is null ? null : new ExecutionMetadata { SessionId = session } });
        return await Client.Executions.WaitAsync(pending.Id, TimeSpan.FromSeconds(30));
    }
}
