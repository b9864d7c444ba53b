using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>
/// Client mistakes are 4xx with a problem body (<c>detail</c> and <c>code</c>), never a 5xx: the SDKs
/// retry every 5xx five times, so a deterministic failure must not look like one.
/// </summary>
public sealed class BadInputContractTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string UnknownId = "0198c0de-0000-7000-8000-000000000000";

    private static readonly string[] JsonPostEndpoints =
    [
        "files/presigned-url",
        "agent/lookup",
        "agent/create",
        "agent/execute",
        "feedback/submit",
        "experimental/feedback/submit",
    ];

    private HttpClient Client => fixture.Server.Client;

    public static TheoryData<string> JsonPostEndpointData() => new(JsonPostEndpoints);

    public static TheoryData<string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in JsonPostEndpoints)
        {
            foreach (var body in new[] { """{"name": "x",""", "not json", string.Empty, """{"name": "x"}}""", """{'name': 'x'}""", new string('[', 100) + new string(']', 100) })
            {
                data.Add(endpoint, body);
            }
        }

        return data;
    }

    public static TheoryData<string, string> NonObjectBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in JsonPostEndpoints)
        {
            foreach (var body in new[] { """[{"name": "x"}]""", "null", "\"agent\"", "42", "true" })
            {
                data.Add(endpoint, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_WithMalformedJson_Returns400(string endpoint, string body)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync(endpoint, body), "malformed_json");
    }

    [Theory]
    [MemberData(nameof(NonObjectBodies))]
    public async Task Post_WithJsonThatIsNotAnObject_Returns400(string endpoint, string body)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync(endpoint, body));
    }

    [Theory]
    [MemberData(nameof(JsonPostEndpointData))]
    public async Task Post_WithInvalidUtf8_Returns400(string endpoint)
    {
        byte[] invalid = [0xC3, 0x28];

        WireAssert.Problem(400, await PostBytesAsync(endpoint, [.. "{\"name\": \""u8, .. invalid, .. "\"}"u8]), "malformed_json");
        WireAssert.Problem(400, await PostBytesAsync(endpoint, [.. "{\"name\": \"test/noop\", \"inputs\": {\"a\": [\""u8, .. invalid, .. "\"]}}"u8]), "malformed_json");
        WireAssert.Problem(400, await PostBytesAsync(endpoint, [.. "{\"na"u8, .. invalid, .. "me\": \"x\"}"u8]), "malformed_json");
    }

    [Theory]
    [MemberData(nameof(JsonPostEndpointData))]
    public async Task Post_WithDuplicateKeys_Returns400(string endpoint)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync(endpoint, """{"name": "test/noop", "name": "test/noop"}"""), "malformed_json");
        WireAssert.Problem(400, await Client.PostJsonAsync(endpoint, """{"name": "test/noop", "config": {"prompt": "a", "prompt": "b"}}"""), "malformed_json");
    }

    [Fact]
    public async Task Execute_UnknownAgentName_Returns404()
    {
        WireAssert.Problem(404, await Sdk.PostAsync(Client, "agent/execute", """{"model": "vlmrun-orion-1:auto", "name": "no-such-agent", "batch": true, "inputs": null}"""), "agent_not_found");
        WireAssert.Problem(404, await Sdk.PostAsync(Client, "agent/execute", """{"model": "vlmrun-orion-1:auto", "name": "no-such-agent:1.0.0", "batch": true, "inputs": null}"""), "agent_not_found");
    }

    [Fact]
    public async Task Execute_UnknownFileIdInInputs_Returns404()
    {
        var json = $$$$"""{"model": "vlmrun-orion-1:auto", "name": "test/echo", "batch": true, "inputs": {"file_1": {"type": "input_file", "file_id": "{{{{UnknownId}}}}"}}}""";

        WireAssert.Problem(404, await Sdk.PostAsync(Client, "agent/execute", json), "file_not_found");
    }

    [Theory]
    [InlineData("""{"type": "pdf_url", "file_url": {"url": "http://x"}}""")]
    [InlineData("""{"type": "image_url"}""")]
    [InlineData("""{"type": "image_url", "image_url": {"detail": "auto"}}""")]
    [InlineData("""{"type": "image_url", "image_url": {"url": "not a url", "detail": "auto"}}""")]
    [InlineData("""{"type": "video_url", "video_url": {"url": "ftp://example.com/a.mp4"}}""")]
    [InlineData("""{"type": "input_file"}""")]
    [InlineData("""{"type": "input_file", "file_id": "../../etc/passwd"}""")]
    [InlineData("""{"type": "text"}""")]
    [InlineData("""{"type": "text", "text": 5}""")]
    [InlineData("""[{"type": "text", "text": "ok"}, {"type": "audio_url"}]""")]
    public async Task Execute_WithInvalidMessageContent_Returns422(string content)
    {
        var json = $$$"""{"model": "vlmrun-orion-1:auto", "name": "test/echo", "batch": true, "inputs": {"doc": {{{content}}}}}""";

        WireAssert.Problem(422, await Sdk.PostAsync(Client, "agent/execute", json));
    }

    [Theory]
    [InlineData("""{"name": "test/echo", "inputs": ["a", "b"]}""")]
    [InlineData("""{"name": "test/echo", "inputs": "a"}""")]
    [InlineData("""{"name": "test/echo", "inputs": {"": "unnamed"}}""")]
    public async Task Execute_WithInputsNotNamedValues_Returns422(string json)
    {
        WireAssert.Problem(422, await Client.PostJsonAsync("agent/execute", json));
    }

    [Theory]
    [InlineData("""{"name": "a:b c"}""", "invalid_agent_name")]
    [InlineData("""{"name": "bad name"}""", "invalid_agent_name")]
    [InlineData("""{"name": "x:"}""", "invalid_agent_name")]
    [InlineData("""{"name": "test/noop", "priority": "urgent"}""", "invalid_priority")]
    [InlineData("""{"name": "test/noop", "toolsets": ["core", "teleport"]}""", "invalid_toolset")]
    [InlineData("""{"name": "test/noop", "toolsets": [5]}""", "invalid_toolset")]
    [InlineData("""{"name": "test/noop", "config": {"timeout_s": -1}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"timeout_s": 0}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"timeout_s": "10"}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"max_attempts": 0}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"max_attempts": 1e300}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"timeout_s": 1e300}}""", null)]
    [InlineData("""{"name": "test/noop", "config": {"max_attempts": 2.5}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"temperature": 5}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"seed": 1.5}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"cache": "yes"}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"prompt": 5}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"json_schema": "object"}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": {"service_tier": 5}}""", "invalid_config")]
    [InlineData("""{"name": "test/noop", "config": "fast"}""", null)]
    [InlineData("""{"name": "test/noop", "toolsets": "core"}""", null)]
    [InlineData("""{"name": "test/noop", "metadata": "dev"}""", null)]
    [InlineData("""{"name": "test/noop", "metadata": {"session_id": "../../etc"}}""", null)]
    [InlineData("""{"name": "test/noop", "callback_url": "ftp://example.com/hook"}""", null)]
    [InlineData("""{"name": "test/noop", "callback_url": "not a url"}""", null)]
    [InlineData("""{"name": 5}""", null)]
    [InlineData("""{"name": "test/noop", "priority": 2}""", null)]
    [InlineData("""{"inputs": {"a": "b"}}""", null)]
    public async Task Execute_WithInvalidField_Returns400(string json, string? code)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("agent/execute", json), code);
    }

    [Fact]
    public async Task Execute_WithOverlongIdempotencyKey_Returns400()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = new('k', 256) };

        WireAssert.Problem(400, await Client.PostJsonAsync("agent/execute", """{"name": "test/noop"}""", headers));
    }

    [Theory]
    [InlineData("GET", "files/..%2F..%2Fetc")]
    [InlineData("GET", "files/..%2F..%2Fetc/content")]
    [InlineData("DELETE", "files/..%2F..%2Fetc")]
    [InlineData("GET", "files/verify-upload/..%2F..%2Fetc")]
    [InlineData("GET", "files/hash/..%2F..%2Fetc")]
    [InlineData("PUT", "files/..%2F..%2Fetc/upload?token=x")]
    [InlineData("GET", "agents/..%2F..%2Fetc")]
    [InlineData("GET", "agents/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("GET", "agent/executions/..%2F..%2Fetc")]
    [InlineData("GET", "agent/executions/..%2F..%2Fetc?wait=1")]
    [InlineData("POST", "agent/executions/..%2F..%2Fetc/cancel")]
    [InlineData("GET", "agent/executions/..%2F..%2Fetc/events")]
    [InlineData("GET", "agent/executions/..%2F..%2Fetc/deliveries")]
    [InlineData("GET", "artifacts?object_id=img_000000&execution_id=..%2F..%2Fetc")]
    [InlineData("GET", "artifacts?object_id=..%2F..%2Fetc&session_id=s1")]
    [InlineData("GET", "artifacts/list?session_id=..%2F..%2Fetc")]
    [InlineData("GET", "feedback/..%2F..%2Fetc")]
    [InlineData("GET", "files/%2e%2e")]
    [InlineData("GET", "files/a;b")]
    [InlineData("GET", "agent/executions/a%20b")]
    public async Task PathUnsafeIds_Return404Or400(string method, string path)
    {
        var (status, body) = await Client.SendAsync(new HttpMethod(method), path, method is "POST" or "PUT" ? "{}" : null);

        WireAssert.ClientError((status, body), 400, 403, 404);
    }

    [Theory]
    [InlineData("""{"id": "../../etc/passwd"}""")]
    [InlineData("""{"id": "..%2F..%2Fetc"}""")]
    public async Task Lookup_WithPathUnsafeId_Returns404Or400(string json)
    {
        WireAssert.ClientError(await Client.PostJsonAsync("agent/lookup", json), 400, 404);
    }

    [Theory]
    [InlineData("""{"request_id": "../../etc/passwd", "notes": "x"}""")]
    [InlineData("""{"agent_execution_id": "a b", "notes": "x"}""")]
    public async Task Feedback_WithPathUnsafeId_Returns404Or400(string json)
    {
        WireAssert.ClientError(await Client.PostJsonAsync("feedback/submit", json), 400, 404);
    }

    [Theory]
    [InlineData("files?skip=-1")]
    [InlineData("agent?skip=-1")]
    [InlineData("agent/executions?skip=-1")]
    [InlineData("agent/executions?limit=1001")]
    [InlineData("agent/executions?limit=0")]
    [InlineData("agent?limit=-5")]
    [InlineData("agent/executions?status=bogus")]
    [InlineData("agent/executions?status=cancelled")]
    [InlineData("agent/executions?created_after=yesterday")]
    [InlineData("agent/executions?created_before=2025-13-45")]
    [InlineData("artifacts/list")]
    [InlineData("artifacts/list?execution_id=a&session_id=b")]
    [InlineData("artifacts?execution_id=a")]
    public async Task List_WithInvalidQuery_Returns400(string path)
    {
        WireAssert.Problem(400, await Client.GetJsonAsync(path));
    }

    [Theory]
    [InlineData("wait=-1")]
    [InlineData("wait=soon")]
    [InlineData("wait=NaN")]
    public async Task GetExecution_WithInvalidWait_Returns400(string query)
    {
        var id = await Client.ExecuteAsync("""{"name": "test/noop"}""");

        WireAssert.Problem(400, await Client.GetJsonAsync($"agent/executions/{id}?{query}"));
    }

    [Fact]
    public async Task UnknownEndpoint_Returns404Problem()
    {
        WireAssert.Problem(404, await Client.GetJsonAsync("no/such/endpoint"), "not_found");
        WireAssert.Problem(404, await Client.PostJsonAsync("agent/no-such-action", "{}"), "not_found");
    }

    [Fact]
    public async Task Create_WithInvalidConfig_Returns400()
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("agent/create", """{"name": "typed", "config": {"prompt": ["a"]}}"""));
        WireAssert.Problem(400, await Client.PostJsonAsync("agent/create", """{"name": "typed", "config": {"prompt": "a", "json_schema": [1]}}"""));
        WireAssert.Problem(400, await Client.PostJsonAsync("agent/create", """{"name": "typed", "config": "prompt"}"""));
        WireAssert.Problem(400, await Client.PostJsonAsync("agent/create", """{"name": "typed", "config": {"prompt": "a"}, "callback_url": "nope"}"""));
    }

    [Fact]
    public async Task Upload_TruncatedMultipart_Returns400()
    {
        var boundary = "b0undary";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\n%PDF-1.7 trunc"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        using var response = await Client.PostAsync("files?purpose=assistants", content);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        WireAssert.Problem(400, ((int)response.StatusCode, body));
    }

    [Fact]
    public async Task Upload_MultipartWithoutBoundary_Returns400()
    {
        using var content = new ByteArrayContent("--x\r\n"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        using var response = await Client.PostAsync("files?purpose=assistants", content);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        WireAssert.Problem(400, ((int)response.StatusCode, body));
    }

    private async Task<(int Status, JsonNode? Body)> PostBytesAsync(string endpoint, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(endpoint, content);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
