using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.TestHost;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>Execute bodies exactly as the SDKs send them, and the AgentExecutionResponse they validate.</summary>
public sealed partial class ExecutionsContractTests(ServerFixture fixture, LoopbackHttpServer web) : IClassFixture<ServerFixture>, IClassFixture<LoopbackHttpServer>
{
    private static readonly string[] ElementTypes = ["image", "page", "video", "audio"];

    private static readonly string[] LiveStatuses = ["pending", "running", "completed"];

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Execute_CompareDocumentsExample_Returns201PendingThenCompletes()
    {
        var first = await UploadAsync("contract_a.txt", "Payment due in 30 days.");
        var second = await UploadAsync("contract_b.txt", "Payment due in 60 days.");

        var (status, pending) = await Sdk.PostAsync(Client, "agent/execute", $$$"""{"model": "vlmrun-orion-1:auto", "name": "test/echo", "batch": true, "inputs": {"file_1": {"type": "input_file", "file_id": "{{{first}}}"}, "file_2": {"type": "input_file", "file_id": "{{{second}}}"}}, "config": {"prompt": "Compare the two documents and summarize the key differences."}}""");

        Assert.Equal(201, status);
        var id = WireAssert.String(pending, "id");
        Assert.Equal("test/echo", WireAssert.String(pending, "name"));
        var createdAt = WireAssert.Timestamp(pending!["created_at"]);
        WireAssert.Null(pending, "completed_at");
        WireAssert.Null(pending, "response");
        Assert.Equal("pending", WireAssert.String(pending, "status"));
        AssertUsage(pending["usage"]);

        var completed = await Client.WaitAsync(id);

        Assert.Equal("completed", WireAssert.String(completed, "status"));
        Assert.Equal(id, WireAssert.String(completed, "id"));
        Assert.Equal("test/echo", WireAssert.String(completed, "name"));
        Assert.True(WireAssert.Timestamp(completed["completed_at"]) >= createdAt);
        AssertUsage(completed["usage"]);
        var response = Assert.IsType<JsonObject>(completed["response"]);
        Assert.Equal("Compare the two documents and summarize the key differences.", WireAssert.String(response, "prompt"));
        var inputs = Assert.IsType<JsonArray>(response["inputs"]);
        Assert.Equal(["file_1", "file_2"], inputs.Select(i => WireAssert.String(i, "name")));
        Assert.All(inputs, i => Assert.Equal("input_file", WireAssert.String(i, "source_type")));
        Assert.Equal(["contract_a.txt", "contract_b.txt"], inputs.Select(i => WireAssert.String(i, "file_name")));
        Assert.Equal(["Payment due in 30 days.", "Payment due in 60 days."], inputs.Select(i => WireAssert.String(i, "text")));
    }

    [Fact]
    public async Task Execute_ImageExampleWithPydanticSchema_IsAcceptedAndCompletes()
    {
        var url = web.Url("untyped/photo.png").ToString();

        // The second example of VLM Run's docs, with test/artifact in place of image/blur-faces:
        // no toolsets, no metadata, a schema without a prompt, and $ref with a sibling description.
        var (status, pending) = await Sdk.PostAsync(Client, "agent/execute", $$$$"""{"model": "vlmrun-orion-1:auto", "name": "test/artifact", "batch": true, "inputs": {"image": {"type": "image_url", "image_url": {"url": "{{{{url}}}}", "detail": "auto"}}}, "config": {"json_schema": {"$defs": {"ImageRef": {"properties": {"id": {"pattern": "^img_\\w{6}$", "title": "Id", "type": "string"}}, "required": ["id"], "title": "ImageRef", "type": "object"}}, "properties": {"image": {"$ref": "#/$defs/ImageRef", "description": "The processed image"}}, "required": ["image"], "title": "ImageResponse", "type": "object"}}}""");

        Assert.Equal(201, status);
        Assert.Equal("pending", WireAssert.String(pending, "status"));
        Assert.Equal("test/artifact", WireAssert.String(pending, "name"));
        var id = WireAssert.String(pending, "id");

        var completed = await Client.WaitAsync(id);

        Assert.True(WireAssert.String(completed, "status") == "completed", completed.ToJsonString());
        Assert.IsType<JsonObject>(completed["response"]);
        Assert.Equal("image", WireAssert.String(completed["usage"], "element_type"));
        Assert.Equal(1, WireAssert.Integer(completed["usage"], "elements_processed"));
        var artifact = Assert.Single(Assert.IsType<JsonArray>(completed["artifacts"]));
        var objectId = WireAssert.String(artifact, "object_id");
        Assert.Matches(ImageRefPattern(), objectId);

        using var bytes = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={id}");
        Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
        Assert.Equal("image/png", Assert.Single(bytes.Content.Headers.GetValues("Content-Type")));
        Assert.Equal(ArtifactAgent.Png, await bytes.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(""" "service_tier": "priority" """, "high")]
    [InlineData(""" "service_tier": "flex" """, "low")]
    [InlineData(""" "service_tier": "auto" """, "normal")]
    [InlineData(""" "service_tier": "standard" """, "normal")]
    [InlineData(""" "service_tier": null """, "normal")]
    [InlineData(""" "priority": "low", "service_tier": "priority" """, "low")]
    [InlineData(""" "priority": "high", "service_tier": "flex" """, "high")]
    [InlineData(""" "priority": "normal" """, "normal")]
    public async Task Execute_ServiceTierAndPriority_SetPriority(string fields, string priority)
    {
        var (status, pending) = await Client.PostJsonAsync("agent/execute", $$"""{"model": "vlmrun-orion-1:auto", "name": "test/noop", "batch": true, "inputs": null, {{fields}}}""");

        Assert.Equal(201, status);
        Assert.Equal(priority, WireAssert.String(pending, "priority"));
        var (_, fetched) = await Client.GetJsonAsync($"agent/executions/{WireAssert.String(pending, "id")}");
        Assert.Equal(priority, WireAssert.String(fetched, "priority"));
    }

    [Theory]
    [InlineData("priority", "high")]
    [InlineData("flex", "low")]
    [InlineData("default", "normal")]
    public async Task Execute_ServiceTierInConfigAsTheTypeScriptSdkSendsIt_SetsPriority(string tier, string priority)
    {
        // AgentExecutionConfig.toJSON() of the TypeScript SDK puts service_tier inside config.
        var (status, pending) = await Client.PostJsonAsync("agent/execute", $$$"""{"model":"vlmrun-orion-1:auto","name":"test/noop","batch":true,"config":{"prompt":"Go.","service_tier":"{{{tier}}}"}}""");

        Assert.Equal(201, status);
        Assert.Equal(priority, WireAssert.String(pending, "priority"));
    }

    [Fact]
    public async Task Execute_TopLevelServiceTier_WinsOverConfig()
    {
        var (_, pending) = await Client.PostJsonAsync("agent/execute", """{"name": "test/noop", "service_tier": "flex", "config": {"service_tier": "priority"}}""");

        Assert.Equal("low", WireAssert.String(pending, "priority"));
    }

    [Fact]
    public async Task Execute_ServiceTierInConfig_DoesNotChangeTheFingerprint()
    {
        var (_, plain) = await Client.PostJsonAsync("agent/execute", """{"name": "test/noop", "config": {"prompt": "Same work."}}""");
        var (_, tiered) = await Client.PostJsonAsync("agent/execute", """{"name": "test/noop", "config": {"prompt": "Same work.", "service_tier": "flex"}}""");

        Assert.Equal(WireAssert.String(plain, "fingerprint"), WireAssert.String(tiered, "fingerprint"));
    }

    [Fact]
    public async Task Execute_WithSdkMetadata_KeepsItAndNamesTheArtifactSession()
    {
        var session = $"session-{Guid.NewGuid():N}";

        var id = await Client.ExecuteAsync($$$"""{"model": "vlmrun-orion-1:auto", "name": "test/artifact", "batch": true, "inputs": null, "metadata": {"environment": "dev", "session_id": "{{{session}}}", "allow_training": true}}""", Sdk.Headers);
        var completed = await Client.WaitAsync(id);

        Assert.Equal(session, WireAssert.String(completed["metadata"], "session_id"));
        var (status, list) = await Client.GetJsonAsync($"artifacts/list?session_id={session}");
        Assert.Equal(200, status);
        Assert.Equal(session, WireAssert.String(list, "namespace_id"));
        var item = Assert.Single(Assert.IsType<JsonArray>(list!["items"]));
        Assert.Equal(WireAssert.String(completed["response"], "image"), WireAssert.String(item, "object_id"));
        Assert.Equal("store", WireAssert.String(item, "source"));
        Assert.Equal("image/png", WireAssert.String(item, "content_type"));
        Assert.Equal(ArtifactAgent.Png.Length, WireAssert.Integer(item, "bytes"));
        WireAssert.String(item, "filename");
    }

    [Fact]
    public async Task ArtifactsList_KnownSessionWithoutArtifacts_ReturnsEmptyItems()
    {
        var session = $"session-{Guid.NewGuid():N}";
        var id = await Client.ExecuteAsync($$$"""{"name": "test/noop", "metadata": {"session_id": "{{{session}}}"}}""");
        await Client.WaitAsync(id);

        var (status, list) = await Client.GetJsonAsync($"artifacts/list?session_id={session}");
        var (byExecutionStatus, byExecution) = await Client.GetJsonAsync($"artifacts/list?execution_id={id}");

        Assert.Equal(200, status);
        Assert.Empty(Assert.IsType<JsonArray>(list!["items"]));
        Assert.Equal(200, byExecutionStatus);
        Assert.Equal(id, WireAssert.String(byExecution, "namespace_id"));
        Assert.Empty(Assert.IsType<JsonArray>(byExecution!["items"]));
        WireAssert.Problem(404, await Client.GetJsonAsync($"artifacts/list?session_id=never-used-{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task Artifact_UnknownObjectId_Returns404()
    {
        var id = await Client.ExecuteAsync("""{"name": "test/artifact"}""");
        await Client.WaitAsync(id);

        WireAssert.Problem(404, await Client.GetJsonAsync($"artifacts?object_id=img_000000&execution_id={id}"));
    }

    [Fact]
    public async Task ListExecutions_ReturnsBareArrayNewestFirstWithSdkFields()
    {
        var first = await Client.ExecuteAsync("""{"name": "test/noop"}""");
        var second = await Client.ExecuteAsync("""{"name": "test/noop"}""");

        var (status, body) = await Client.GetJsonAsync("agent/executions?skip=0&limit=2");

        Assert.Equal(200, status);
        var list = Assert.IsType<JsonArray>(body);
        Assert.Equal([second, first], list.Select(e => WireAssert.String(e, "id")));
        foreach (var execution in list)
        {
            Assert.Equal("test/noop", WireAssert.String(execution, "name"));
            WireAssert.Timestamp(execution!["created_at"]);
            Assert.Contains(WireAssert.String(execution, "status"), LiveStatuses);
            AssertUsage(execution["usage"]);
        }

        var (_, paged) = await Client.GetJsonAsync("agent/executions?skip=1&limit=1");
        Assert.Equal(first, WireAssert.String(Assert.Single(Assert.IsType<JsonArray>(paged)), "id"));
    }

    [Fact]
    public async Task ListExecutions_FiltersByStatus()
    {
        var failed = await Client.ExecuteAsync("""{"name": "test/fail", "config": {"fail_times": 5, "deterministic": true}}""");
        Assert.Equal("failed", WireAssert.String(await Client.WaitAsync(failed), "status"));

        var (status, body) = await Client.GetJsonAsync("agent/executions?status=failed&limit=1000");

        Assert.Equal(200, status);
        var list = Assert.IsType<JsonArray>(body);
        Assert.Contains(failed, list.Select(e => WireAssert.String(e, "id")));
        Assert.All(list, e => Assert.Equal("failed", WireAssert.String(e, "status")));
    }

    [Fact]
    public async Task FailedExecution_IsFailedWithErrorAndNullResponse()
    {
        var id = await Client.ExecuteAsync("""{"name": "test/fail", "config": {"fail_times": 5, "deterministic": true}}""");

        var failed = await Client.WaitAsync(id);

        Assert.Equal("failed", WireAssert.String(failed, "status"));
        WireAssert.Null(failed, "response");
        WireAssert.Timestamp(failed["completed_at"]);
        Assert.False(string.IsNullOrEmpty(WireAssert.String(failed["error"], "code")));
        Assert.False(string.IsNullOrEmpty(WireAssert.String(failed["error"], "message")));
        AssertUsage(failed["usage"]);
    }

    [Fact]
    public async Task Cancel_PendingOrRunning_IsFailedWithCancelledThenCancelAgainIs409()
    {
        var id = await Client.ExecuteAsync("""{"name": "test/sleep", "config": {"sleep_ms": 60000}}""");

        var (status, cancelled) = await Client.PostJsonAsync($"agent/executions/{id}/cancel", "{}");

        Assert.Equal(200, status);
        Assert.Equal("failed", WireAssert.String(cancelled, "status"));
        Assert.Equal("cancelled", WireAssert.String(cancelled!["error"], "code"));
        Assert.Equal("failed", WireAssert.String(await Client.WaitAsync(id), "status"));
        WireAssert.Problem(409, await Client.PostJsonAsync($"agent/executions/{id}/cancel", "{}"), "not_cancellable");
    }

    [Fact]
    public async Task Events_StreamStatusChangesAndEndAfterTerminal()
    {
        var id = await Client.ExecuteAsync("""{"name": "test/sleep", "config": {"sleep_ms": 300}}""");

        using var response = await Client.GetAsync($"agent/executions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var statuses = text.Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line[6..])!["status"]!.GetValue<string>())
            .ToList();
        Assert.Equal("completed", statuses[^1]);
        Assert.All(statuses, s => Assert.Contains(s, LiveStatuses));
        Assert.Equal(statuses.Distinct().Count(), statuses.Count);
    }

    [Fact]
    public async Task Wait_ReturnsOnceTerminal()
    {
        var id = await Client.ExecuteAsync("""{"name": "test/sleep", "config": {"sleep_ms": 200}}""");

        var (status, body) = await Client.GetJsonAsync($"agent/executions/{id}?wait=30");

        Assert.Equal(200, status);
        Assert.Equal("completed", WireAssert.String(body, "status"));
        Assert.Equal(200, WireAssert.Integer(body!["response"], "slept_ms"));
    }

    private async Task<string> UploadAsync(string fileName, string text)
    {
        var (status, body) = await Sdk.UploadAsync(Client, System.Text.Encoding.UTF8.GetBytes(text), fileName);
        Assert.Equal(201, status);
        return WireAssert.String(body, "id");
    }

    /// <summary>CreditUsage as the Python SDK validates it.</summary>
    private static void AssertUsage(JsonNode? node)
    {
        var usage = Assert.IsType<JsonObject>(node);
        WireAssert.Integer(usage, "elements_processed");
        Assert.True(usage["element_type"] is null || ElementTypes.Contains(WireAssert.String(usage, "element_type")), $"element_type {usage["element_type"]?.ToJsonString()}");
        WireAssert.Integer(usage, "credits_used");
        WireAssert.Integer(usage, "steps");
        WireAssert.Integer(usage, "duration_seconds");
        Assert.True(usage.ContainsKey("message"));
        Assert.True(usage["message"] is null || usage["message"]!.GetValueKind() == JsonValueKind.String);
    }

    [GeneratedRegex(@"^img_[0-9a-f]{6}$")]
    private static partial Regex ImageRefPattern();
}
