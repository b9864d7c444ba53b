using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Blobs;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Contract;

public sealed class FilesContractTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private DocketTestServer Server => fixture.Server;

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Upload_ReturnsCreatedFileResponse()
    {
        var bytes = Sdk.UniqueBytes("upload");

        var (status, body) = await Sdk.UploadAsync(Client, bytes, "invoice.pdf");

        Assert.Equal(201, status);
        WireAssert.FileResponse(body, "invoice.pdf", bytes, "application/pdf");
    }

    [Fact]
    public async Task Upload_WithPurpose_KeepsPurpose()
    {
        var bytes = Sdk.UniqueBytes("purpose");

        var (status, body) = await Sdk.UploadAsync(Client, bytes, "scan.pdf", "vision");

        Assert.Equal(201, status);
        WireAssert.FileResponse(body, "scan.pdf", bytes, "application/pdf", "vision");
    }

    [Fact]
    public async Task Upload_WithGeneratePublicUrlAsTheTypeScriptSdkSendsIt_Returns201()
    {
        var bytes = Sdk.UniqueBytes("typescript");
        using var content = Sdk.Multipart(("file", "ts.pdf", bytes));

        var (status, body) = await Sdk.SendAsync(Client, HttpMethod.Post, "files?purpose=assistants&generate_public_url=true", content);

        Assert.Equal(201, status);
        WireAssert.FileResponse(body, "ts.pdf", bytes, "application/pdf");
    }

    [Fact]
    public async Task Upload_WithPartContentType_KeepsDeclaredType()
    {
        var file = await Client.UploadAsync(Encoding.UTF8.GetBytes("not really a png"), "pixel.png", "image/png");

        Assert.Equal("image/png", file["content_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_ReturnsBareArrayNewestFirst()
    {
        var first = await Client.UploadAsync(Sdk.UniqueBytes("list-1"), "list-1.txt");
        var second = await Client.UploadAsync(Sdk.UniqueBytes("list-2"), "list-2.txt");
        var third = await Client.UploadAsync(Sdk.UniqueBytes("list-3"), "list-3.txt");

        var (status, body) = await Client.GetJsonAsync("files?skip=0&limit=3");

        Assert.Equal(200, status);
        var list = Assert.IsType<JsonArray>(body);
        Assert.Equal([Id(third), Id(second), Id(first)], list.Select(Id));
        foreach (var item in list)
        {
            WireAssert.Timestamp(item!["created_at"]);
            Assert.Equal("file", item["object"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task List_SkipAndLimit_Page()
    {
        var uploaded = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            uploaded.Add(Id(await Client.UploadAsync(Sdk.UniqueBytes($"page-{i}"), $"page-{i}.txt")));
        }

        var (status, body) = await Client.GetJsonAsync("files?skip=1&limit=2");

        Assert.Equal(200, status);
        Assert.Equal([uploaded[2], uploaded[1]], Assert.IsType<JsonArray>(body).Select(Id));
    }

    [Fact]
    public async Task List_WithoutPaging_ReturnsAtMostTen()
    {
        for (var i = 0; i < 11; i++)
        {
            await Client.UploadAsync(Sdk.UniqueBytes($"default-{i}"), $"default-{i}.txt");
        }

        var (status, body) = await Client.GetJsonAsync("files");

        Assert.Equal(200, status);
        Assert.Equal(10, Assert.IsType<JsonArray>(body).Count);
    }

    [Theory]
    [InlineData("files?limit=1001")]
    [InlineData("files?limit=0")]
    [InlineData("files?skip=-1")]
    [InlineData("files?limit=ten")]
    public async Task List_WithInvalidPaging_Returns400(string path)
    {
        WireAssert.Problem(400, await Client.GetJsonAsync(path));
    }

    [Fact]
    public async Task List_WithLimit1000_IsAccepted()
    {
        var (status, body) = await Client.GetJsonAsync("files?limit=1000");

        Assert.Equal(200, status);
        Assert.IsType<JsonArray>(body);
    }

    [Fact]
    public async Task Get_ReturnsFileResponse()
    {
        var bytes = Sdk.UniqueBytes("get");
        var uploaded = await Client.UploadAsync(bytes, "get.pdf");

        var (status, body) = await Client.GetJsonAsync($"files/{Id(uploaded)}");

        Assert.Equal(200, status);
        WireAssert.FileResponse(body, "get.pdf", bytes, "application/pdf");
        Assert.Equal(Id(uploaded), Id(body));
        Assert.Equal(uploaded["created_at"]!.GetValue<string>(), body!["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        WireAssert.Problem(404, await Client.GetJsonAsync($"files/{Guid.CreateVersion7()}"), "not_found");
    }

    [Fact]
    public async Task GetByHash_OwnFile_Returns200WithFileResponse()
    {
        var bytes = Sdk.UniqueBytes("hash");
        var uploaded = await Client.UploadAsync(bytes, "hash.pdf");

        var (status, body) = await Client.GetJsonAsync($"files/hash/{Sdk.Md5(bytes)}");

        Assert.Equal(200, status);
        WireAssert.FileResponse(body, "hash.pdf", bytes, "application/pdf");
        Assert.Equal(Id(uploaded), Id(body));
    }

    [Fact]
    public async Task GetByHash_UnknownMd5_Returns404()
    {
        var md5 = Sdk.Md5(Sdk.UniqueBytes("never uploaded"));

        WireAssert.Problem(404, await Client.GetJsonAsync($"files/hash/{md5}"), "not_found");
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789abcdef0123456789abcdef00")]
    public async Task GetByHash_NonHex_Returns400(string md5)
    {
        WireAssert.Problem(400, await Client.GetJsonAsync($"files/hash/{md5}"));
    }

    [Fact]
    public async Task PresignedUpload_LikeThePythonSdk_PutsOnceAndVerifies()
    {
        var bytes = Sdk.UniqueBytes("presigned");

        var (status, presigned) = await Sdk.PostAsync(Client, "files/presigned-url", """{"filename": "report.pdf", "purpose": "assistants", "expiration": 86400}""");

        Assert.Equal(200, status);
        var id = WireAssert.String(presigned, "id");
        var url = WireAssert.String(presigned, "url");
        Assert.Equal("report.pdf", WireAssert.String(presigned, "filename"));
        var contentType = WireAssert.String(presigned, "content_type");
        Assert.Equal("application/pdf", contentType);
        Assert.Equal("PUT", WireAssert.String(presigned, "upload_method"));
        WireAssert.Null(presigned, "public_url");
        WireAssert.Timestamp(presigned!["created_at"]);
        Assert.Equal(86400, WireAssert.Integer(presigned, "expiration"));
        Assert.StartsWith(Server.BaseUrl + "/", url, StringComparison.Ordinal);

        // requests.put(url, headers={"Content-Type": content_type}, data=f): no API key.
        using var anonymous = Server.CreateClient(null);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(anonymous, url, bytes, contentType));
        var reused = await PutAsync(anonymous, url, Sdk.UniqueBytes("second"), contentType);
        Assert.Equal(HttpStatusCode.Forbidden, reused);

        var (verifyStatus, verified) = await Client.GetJsonAsync($"files/verify-upload/{id}");
        Assert.Equal(200, verifyStatus);
        WireAssert.FileResponse(verified, "report.pdf", bytes, "application/pdf");
        Assert.Equal(id, Id(verified));
        var (_, got) = await Client.GetJsonAsync($"files/{id}");
        WireAssert.FileResponse(got, "report.pdf", bytes, "application/pdf");
        Assert.Equal(bytes, await Client.GetByteArrayAsync($"files/{id}/content"));
    }

    [Fact]
    public async Task PresignedUpload_SecondPut_Returns403WithProblem()
    {
        var (_, presigned) = await Client.PostJsonAsync("files/presigned-url", """{"filename": "twice.txt", "purpose": "assistants"}""");
        var url = WireAssert.String(presigned, "url");
        using var anonymous = Server.CreateClient(null);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(anonymous, url, Sdk.UniqueBytes("once"), "text/plain"));

        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(Sdk.UniqueBytes("twice")) };
        using var response = await anonymous.SendAsync(request);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var problem = WireAssert.Problem(403, ((int)response.StatusCode, body), "forbidden");
        Assert.Equal("Forbidden", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task PresignedUpload_WrongToken_Returns403()
    {
        var (_, presigned) = await Client.PostJsonAsync("files/presigned-url", """{"filename": "guess.txt"}""");
        var url = WireAssert.String(presigned, "url");
        var forged = url[..(url.IndexOf("token=", StringComparison.Ordinal) + 6)] + "forged";
        using var anonymous = Server.CreateClient(null);

        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(anonymous, forged, Sdk.UniqueBytes("forged"), "text/plain"));
        WireAssert.Problem(409, await Client.GetJsonAsync($"files/verify-upload/{WireAssert.String(presigned, "id")}"), "upload_pending");
    }

    [Fact]
    public async Task PresignedFile_BeforeItsUpload_IsNotListedOrReadable()
    {
        var (_, presigned) = await Client.PostJsonAsync("files/presigned-url", """{"filename": "pending.pdf", "purpose": "assistants"}""");
        var id = WireAssert.String(presigned, "id");

        WireAssert.Problem(404, await Client.GetJsonAsync($"files/{id}"));
        WireAssert.Problem(404, await Client.GetJsonAsync($"files/{id}/content"));
        WireAssert.ClientError(await Client.GetJsonAsync($"files/verify-upload/{id}"), 404, 409);
        var (_, list) = await Client.GetJsonAsync("files?limit=1000");
        Assert.DoesNotContain(id, Assert.IsType<JsonArray>(list).Select(Id));
    }

    [Theory]
    [InlineData("""{"purpose": "assistants"}""")]
    [InlineData("""{"filename": "x.pdf", "purpose": "homework"}""")]
    public async Task Presigned_WithoutFilenameOrWithBadPurpose_Returns400(string json)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("files/presigned-url", json));
    }

    [Fact]
    public async Task Content_ReturnsExactBytesAndContentType()
    {
        var bytes = new byte[70_000];
        new Random(7).NextBytes(bytes);
        var file = await Client.UploadAsync(bytes, "photo.jpg");

        using var response = await Client.GetAsync($"files/{Id(file)}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Delete_ReturnsFileResponse_ThenGetIs404()
    {
        var bytes = Sdk.UniqueBytes("delete");
        var file = await Client.UploadAsync(bytes, "delete.pdf");

        var (status, body) = await Client.SendAsync(HttpMethod.Delete, $"files/{Id(file)}");

        Assert.Equal(200, status);
        WireAssert.FileResponse(body, "delete.pdf", bytes, "application/pdf");
        WireAssert.Problem(404, await Client.GetJsonAsync($"files/{Id(file)}"));
        WireAssert.Problem(404, await Client.GetJsonAsync($"files/{Id(file)}/content"));
        WireAssert.Problem(404, await Client.GetJsonAsync($"files/hash/{Sdk.Md5(bytes)}"));
        WireAssert.Problem(404, await Client.SendAsync(HttpMethod.Delete, $"files/{Id(file)}"));
    }

    [Fact]
    public async Task SameContentTwice_IsStoredOnce_AndItsBlobLivesUntilTheLastFileGoes()
    {
        var bytes = Sdk.UniqueBytes("dedupe");

        // Through the blob store seam, so the same test holds for local blobs and S3.
        var blobs = Server.Services.GetRequiredService<IBlobStore>();
        var sha256 = Sdk.Sha256(bytes);
        Assert.False(await blobs.ExistsAsync(sha256, CancellationToken.None));

        var first = await Client.UploadAsync(bytes, "a.pdf");
        var second = await Client.UploadAsync(bytes, "b.pdf");

        Assert.NotEqual(Id(first), Id(second));
        Assert.True(await blobs.ExistsAsync(sha256, CancellationToken.None));

        Assert.Equal(200, (await Client.SendAsync(HttpMethod.Delete, $"files/{Id(first)}")).Status);
        Assert.True(await blobs.ExistsAsync(sha256, CancellationToken.None));
        Assert.Equal(bytes, await Client.GetByteArrayAsync($"files/{Id(second)}/content"));

        Assert.Equal(200, (await Client.SendAsync(HttpMethod.Delete, $"files/{Id(second)}")).Status);
        Assert.False(await blobs.ExistsAsync(sha256, CancellationToken.None));
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns415()
    {
        WireAssert.Problem(415, await Client.PostJsonAsync("files?purpose=assistants", """{"file": "invoice.pdf"}"""), "unsupported_media_type");
    }

    [Fact]
    public async Task Upload_WithoutFilePart_Returns400()
    {
        using var content = Sdk.Multipart(("document", "invoice.pdf", Sdk.UniqueBytes("no file part")), ("purpose", null, "assistants"u8.ToArray()));

        WireAssert.Problem(400, await Sdk.SendAsync(Client, HttpMethod.Post, "files?purpose=assistants", content));
    }

    [Fact]
    public async Task Upload_InvalidPurpose_Returns400()
    {
        WireAssert.Problem(400, await Sdk.UploadAsync(Client, Sdk.UniqueBytes("purpose"), "x.pdf", "homework"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Request_WithMissingOrWrongKey_Returns401(string? key)
    {
        using var client = Server.CreateClient(key);

        WireAssert.Problem(401, await client.GetJsonAsync("files"), "unauthorized");
        WireAssert.Problem(401, await Sdk.UploadAsync(client, Sdk.UniqueBytes("unauthorized"), "x.pdf"), "unauthorized");
        WireAssert.Problem(401, await client.PostJsonAsync("agent/execute", """{"name": "test/noop"}"""), "unauthorized");
    }

    [Fact]
    public async Task Request_WithNonBearerScheme_Returns401()
    {
        using var client = Server.CreateClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Server.AdminKey);

        WireAssert.Problem(401, await client.GetJsonAsync("files"), "unauthorized");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/v1/health")]
    public async Task Health_NeedsNoKey_ReturnsOkAndVersion(string path)
    {
        using var client = Server.CreateClient(null);

        var (status, body) = await client.GetJsonAsync(Server.BaseUrl + path);

        Assert.Equal(200, status);
        Assert.Equal("ok", WireAssert.String(body, "status"));
        Assert.False(string.IsNullOrEmpty(WireAssert.String(body, "version")));
    }

    private static string Id(JsonNode? node) => node!["id"]!.GetValue<string>();

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, string url, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PutAsync(url, content);
        return response.StatusCode;
    }
}
