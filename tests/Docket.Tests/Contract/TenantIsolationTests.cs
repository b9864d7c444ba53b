using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Docket.TestHost;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>Another tenant's objects do not exist: 404, never 403, and never in a listing.</summary>
public sealed class TenantIsolationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string UnknownId = "0198c0de-0000-7000-8000-000000000000";

    private DocketTestServer Server => fixture.Server;

    private HttpClient A => fixture.Server.Client;

    [Fact]
    public async Task OtherTenantsFile_Is404Everywhere()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var bytes = Sdk.UniqueBytes("tenant a file");
        var file = Id(await A.UploadAsync(bytes, "a-only.pdf"));

        WireAssert.Problem(404, await b.GetJsonAsync($"files/{file}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"files/{file}/content"));
        WireAssert.Problem(404, await b.GetJsonAsync($"files/hash/{Sdk.Md5(bytes)}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"files/verify-upload/{file}"));
        WireAssert.Problem(404, await b.SendAsync(HttpMethod.Delete, $"files/{file}"));

        Assert.Equal(200, (await A.GetJsonAsync($"files/{file}")).Status);
        Assert.Equal(bytes, await A.GetByteArrayAsync($"files/{file}/content"));
        Assert.DoesNotContain(file, await IdsAsync(b, "files?limit=1000"));
    }

    [Fact]
    public async Task OtherTenantsPresignedUpload_Is404OnVerify()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var (_, presigned) = await A.PostJsonAsync("files/presigned-url", """{"filename": "a-presigned.pdf", "purpose": "assistants", "expiration": 600}""");
        var id = WireAssert.String(presigned, "id");
        using var anonymous = Server.CreateClient(null);
        using var content = new ByteArrayContent(Sdk.UniqueBytes("presigned for a"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var put = await anonymous.PutAsync(WireAssert.String(presigned, "url"), content);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        WireAssert.Problem(404, await b.GetJsonAsync($"files/verify-upload/{id}"));
        Assert.Equal(200, (await A.GetJsonAsync($"files/verify-upload/{id}")).Status);
    }

    [Fact]
    public async Task SameContentInBothTenants_HashLookupFindsOwnFileOnly()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var bytes = Sdk.UniqueBytes("shared content");
        var fileOfA = Id(await A.UploadAsync(bytes, "a.pdf"));
        var fileOfB = Id(await b.UploadAsync(bytes, "b.pdf"));

        var (_, foundByB) = await b.GetJsonAsync($"files/hash/{Sdk.Md5(bytes)}");
        var (_, foundByA) = await A.GetJsonAsync($"files/hash/{Sdk.Md5(bytes)}");

        Assert.Equal(fileOfB, Id(foundByB));
        Assert.Equal(fileOfA, Id(foundByA));
        Assert.Equal(200, (await b.SendAsync(HttpMethod.Delete, $"files/{fileOfB}")).Status);
        Assert.Equal(bytes, await A.GetByteArrayAsync($"files/{fileOfA}/content"));
    }

    [Fact]
    public async Task OtherTenantsAgent_Is404ByIdNameAndPrompt()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        const string prompt = "Only tenant A knows this prompt.";
        var (_, created) = await A.PostJsonAsync("agent/create", $$$"""{"name": "isolated-agent:1.0.0", "inputs": null, "config": {"prompt": "{{{prompt}}}"}}""");
        var agent = Id(created);

        WireAssert.Problem(404, await b.GetJsonAsync($"agents/{agent}"));
        WireAssert.Problem(404, await b.PostJsonAsync("agent/lookup", $$"""{"id": "{{agent}}"}"""));
        WireAssert.Problem(404, await b.PostJsonAsync("agent/lookup", """{"name": "isolated-agent"}"""));
        WireAssert.Problem(404, await b.PostJsonAsync("agent/lookup", """{"name": "isolated-agent:1.0.0"}"""));
        WireAssert.Problem(404, await b.PostJsonAsync("agent/lookup", $$"""{"prompt": "{{prompt}}"}"""));
        WireAssert.Problem(404, await b.PostJsonAsync("agent/execute", """{"model": "vlmrun-orion-1:auto", "name": "isolated-agent:1.0.0", "batch": true, "inputs": null}"""));
        Assert.DoesNotContain(agent, await IdsAsync(b, "agent"));

        // Names are per tenant: B's own 1.0.0 with another config is no conflict.
        var (status, own) = await b.PostJsonAsync("agent/create", """{"name": "isolated-agent:1.0.0", "inputs": null, "config": {"prompt": "Tenant B's prompt."}}""");
        Assert.Equal(200, status);
        Assert.NotEqual(agent, Id(own));
    }

    [Fact]
    public async Task OtherTenantsExecution_Is404ForGetWaitCancelEventsAndDeliveries()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var execution = await A.ExecuteAsync("""{"name": "test/sleep", "config": {"sleep_ms": 60000}}""");
        try
        {
            WireAssert.Problem(404, await b.GetJsonAsync($"agent/executions/{execution}"));
            WireAssert.Problem(404, await b.GetJsonAsync($"agent/executions/{execution}?wait=1"));
            WireAssert.Problem(404, await b.PostJsonAsync($"agent/executions/{execution}/cancel", "{}"));
            WireAssert.Problem(404, await b.GetJsonAsync($"agent/executions/{execution}/events"));
            WireAssert.Problem(404, await b.GetJsonAsync($"agent/executions/{execution}/deliveries"));
            Assert.DoesNotContain(execution, await IdsAsync(b, "agent/executions?limit=1000"));

            var (_, stillMine) = await A.GetJsonAsync($"agent/executions/{execution}");
            Assert.True(WireAssert.String(stillMine, "status") is "pending" or "running", stillMine!.ToJsonString());
        }
        finally
        {
            Assert.Equal(200, (await A.PostJsonAsync($"agent/executions/{execution}/cancel", "{}")).Status);
        }
    }

    [Fact]
    public async Task Execute_WithOtherTenantsFile_Returns404()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var file = Id(await A.UploadAsync(Sdk.UniqueBytes("input of a"), "input.txt"));

        var json = $$$$"""{"model": "vlmrun-orion-1:auto", "name": "test/echo", "batch": true, "inputs": {"doc": {"type": "input_file", "file_id": "{{{{file}}}}"}}}""";

        WireAssert.Problem(404, await b.PostJsonAsync("agent/execute", json), "file_not_found");
        Assert.Equal(201, (await A.PostJsonAsync("agent/execute", json)).Status);
    }

    [Fact]
    public async Task OtherTenantsArtifacts_Are404ByExecutionAndBySession()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var session = $"session-{Guid.NewGuid():N}";
        var execution = await A.ExecuteAsync($$$"""{"model": "vlmrun-orion-1:auto", "name": "test/artifact", "batch": true, "inputs": null, "metadata": {"environment": "dev", "session_id": "{{{session}}}", "allow_training": true}}""");
        var completed = await A.WaitAsync(execution);
        Assert.Equal("completed", WireAssert.String(completed, "status"));
        var objectId = WireAssert.String(completed["response"], "image");

        using (var own = await A.GetAsync($"artifacts?object_id={objectId}&execution_id={execution}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("image/png", own.Content.Headers.ContentType!.ToString());
            Assert.Equal(ArtifactAgent.Png, await own.Content.ReadAsByteArrayAsync());
        }

        Assert.Single(Assert.IsType<JsonArray>((await A.GetJsonAsync($"artifacts/list?session_id={session}")).Body!["items"]));

        WireAssert.Problem(404, await b.GetJsonAsync($"artifacts?object_id={objectId}&execution_id={execution}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"artifacts?object_id={objectId}&session_id={session}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"artifacts/list?execution_id={execution}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"artifacts/list?session_id={session}"));
    }

    [Fact]
    public async Task SameSessionNameInBothTenants_ListsOwnArtifactsOnly()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var session = $"session-{Guid.NewGuid():N}";
        var json = $$$"""{"name": "test/artifact", "metadata": {"session_id": "{{{session}}}"}}""";
        var executionOfA = await A.ExecuteAsync(json);
        var executionOfB = await b.ExecuteAsync(json);
        await A.WaitAsync(executionOfA);
        var completedOfB = await b.WaitAsync(executionOfB);

        var (_, listOfB) = await b.GetJsonAsync($"artifacts/list?session_id={session}");
        var (_, listOfA) = await A.GetJsonAsync($"artifacts/list?session_id={session}");

        Assert.Equal(session, WireAssert.String(listOfB, "namespace_id"));
        Assert.Equal(executionOfB, WireAssert.String(Assert.Single(Assert.IsType<JsonArray>(listOfB!["items"])), "execution_id"));
        Assert.Equal(executionOfA, WireAssert.String(Assert.Single(Assert.IsType<JsonArray>(listOfA!["items"])), "execution_id"));
        using var bytes = await b.GetAsync($"artifacts?object_id={WireAssert.String(completedOfB["response"], "image")}&session_id={session}");
        Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
    }

    [Fact]
    public async Task OtherTenantsFeedback_Is404ForSubmitAndList()
    {
        using var b = await Server.CreateTenantClientAsync("b");
        var execution = await A.ExecuteAsync("""{"name": "test/noop"}""");
        await A.WaitAsync(execution);
        Assert.Equal(200, (await A.PostJsonAsync("feedback/submit", $$"""{"request_id": "{{execution}}", "notes": "from a"}""")).Status);

        WireAssert.Problem(404, await b.PostJsonAsync("feedback/submit", $$"""{"request_id": "{{execution}}", "notes": "from b"}"""));
        WireAssert.Problem(404, await b.PostJsonAsync("experimental/feedback/submit", $$"""{"agent_execution_id": "{{execution}}", "notes": "from b"}"""));
        WireAssert.Problem(404, await b.GetJsonAsync($"feedback/{execution}"));

        var (_, list) = await A.GetJsonAsync($"feedback/{execution}");
        Assert.Equal("from a", WireAssert.String(Assert.Single(Assert.IsType<JsonArray>(list!["items"])), "notes"));
    }

    [Fact]
    public async Task NewTenant_ListingsAreEmpty()
    {
        await A.UploadAsync(Sdk.UniqueBytes("listing"), "listing.pdf");
        await A.PostJsonAsync("agent/create", """{"name": "listing-agent", "config": {"prompt": "Listed for A only."}}""");
        await A.ExecuteAsync("""{"name": "test/noop"}""");
        using var c = await Server.CreateTenantClientAsync($"c-{Guid.NewGuid():N}");

        Assert.Empty(await IdsAsync(c, "files?limit=1000"));
        Assert.Empty(await IdsAsync(c, "agent"));
        Assert.Empty(await IdsAsync(c, "agent/executions?limit=1000"));
        Assert.NotEmpty(await IdsAsync(A, "files?limit=1000"));
    }

    [Fact]
    public async Task UnknownIds_AnswerLikeOtherTenantsIds()
    {
        using var b = await Server.CreateTenantClientAsync("b");

        // The same answer as for A's objects above: nothing tells "exists elsewhere" from "does not exist".
        WireAssert.Problem(404, await b.GetJsonAsync($"files/{UnknownId}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"agents/{UnknownId}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"agent/executions/{UnknownId}"));
        WireAssert.Problem(404, await b.GetJsonAsync($"artifacts/list?execution_id={UnknownId}"));
    }

    private static string Id(JsonNode? node) => node!["id"]!.GetValue<string>();

    private static async Task<List<string>> IdsAsync(HttpClient client, string path)
    {
        var (status, body) = await client.GetJsonAsync(path);
        Assert.Equal(200, status);
        return [.. Assert.IsType<JsonArray>(body).Select(Id)];
    }
}
