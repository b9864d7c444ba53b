using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>Uploads over <c>Docket:Files:MaxUploadBytes</c>: each test starts a server with a 1000-byte limit.</summary>
public sealed class UploadLimitContractTests
{
    [Fact]
    public async Task Upload_OverTheLimit_Returns413WithDetail()
    {
        await using var small = await StartSmallAsync();

        var problem = WireAssert.Problem(413, await Sdk.UploadAsync(small.Client, new byte[5000], "big.bin"), "too_large");

        Assert.Contains("1000", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, list) = await small.Client.GetJsonAsync("files");
        Assert.Empty(Assert.IsType<JsonArray>(list));
        Assert.Equal(201, (await Sdk.UploadAsync(small.Client, new byte[1000], "fits.bin")).Status);
    }

    [Fact]
    public async Task PresignedPut_OverTheLimit_Returns413()
    {
        await using var small = await StartSmallAsync();
        var (_, presigned) = await small.Client.PostJsonAsync("files/presigned-url", """{"filename": "big.bin", "purpose": "assistants", "expiration": 600}""");
        using var anonymous = small.CreateClient(null);

        WireAssert.Problem(413, await PutAsync(anonymous, WireAssert.String(presigned, "url"), new byte[5000], "application/octet-stream"), "too_large");
        WireAssert.Problem(409, await small.Client.GetJsonAsync($"files/verify-upload/{WireAssert.String(presigned, "id")}"));
    }

    private static async Task<(int Status, JsonNode? Body)> PutAsync(HttpClient client, string url, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PutAsync(url, content);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static Task<DocketTestServer> StartSmallAsync() =>
        DocketTestServer.StartAsync(settings => settings.Configuration["Docket:Files:MaxUploadBytes"] = "1000");
}
