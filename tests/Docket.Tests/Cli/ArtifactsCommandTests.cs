using System.Text.Json.Nodes;
using Docket.TestHost;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket artifacts …` as a process against a real server.</summary>
public sealed class ArtifactsCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-artifacts-").FullName;

    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task ListAndGet_OfAnExecutionsArtifact()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/artifact"}""");
        await Server.Client.WaitAsync(id);
        var target = Path.Combine(_directory, "pixel.png");

        var json = await Server.DocketAsync("artifacts", "list", id, "--json");
        var table = await Server.DocketAsync("artifacts", "list", id);
        var item = Assert.Single(JsonNode.Parse(json.Output)!["items"]!.AsArray())!;
        var objectId = item["object_id"]!.GetValue<string>();
        var get = await Server.DocketAsync("artifacts", "get", id, objectId, "-o", target);

        Assert.True(json.Code == 0, json.ToString());
        Assert.Equal(("image/png", ArtifactAgent.Png.Length), (item["content_type"]!.GetValue<string>(), item["bytes"]!.GetValue<int>()));
        Assert.Matches($@"(?m)^{objectId}\s+image/png\s+{ArtifactAgent.Png.Length} B\s+pixel\.png$", table.Output);
        Assert.True(get.Code == 0, get.ToString());
        Assert.Equal(ArtifactAgent.Png, await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task Get_OfAnUnknownArtifact_Exits1_AndLeavesNoFile()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/artifact"}""");
        await Server.Client.WaitAsync(id);

        var result = await Server.DocketAsync("artifacts", "get", id, "img_000000", "-o", Path.Combine(_directory, "missing.png"));

        Assert.Equal(1, result.Code);
        Assert.Contains("404", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
