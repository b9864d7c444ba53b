using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Executions;

/// <summary>An execution's life over real HTTP: wait, events, cancel, timeout, retries, idempotency, cache.</summary>
public sealed class ExecutionLifecycleTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Execute_Noop_AnswersPendingAtOnce_ThenCompletes()
    {
        var (status, body) = await Client.PostJsonAsync("agent/execute", """{"model":"vlmrun-orion-1:auto","name":"test/noop","batch":true,"inputs":{}}""");

        Assert.Equal(201, status);
        Assert.Equal("pending", body!["status"]!.GetValue<string>());
        Assert.Null(body["response"]);
        Assert.Null(body["completed_at"]);
        var done = await Client.WaitAsync(body["id"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.True(done["response"]!["ok"]!.GetValue<bool>());
        Assert.EndsWith("Z", done["completed_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
        Assert.Equal(64, done["fingerprint"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Events_StreamEveryStatusChange_AndEndAfterTheTerminalOne()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":300}}""");

        using var response = await Client.GetAsync($"agent/executions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var statuses = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                statuses.Add(JsonNode.Parse(line[6..])!["status"]!.GetValue<string>());
            }
        }

        Assert.Equal(["pending", "running", "completed"], statuses);
    }

    [Fact]
    public async Task Cancel_ARunningExecution_StopsItWithinASecond()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":30000}}""");
        await Eventually.TrueAsync(async () => (await Client.GetJsonAsync($"agent/executions/{id}")).Body!["status"]!.GetValue<string>() == "running");

        var started = DateTime.UtcNow;
        var (status, body) = await Client.PostJsonAsync($"agent/executions/{id}/cancel", "{}");

        Assert.Equal(200, status);
        Assert.Equal("failed", body!["status"]!.GetValue<string>());
        Assert.Equal("cancelled", body["error"]!["code"]!.GetValue<string>());

        // The worker slot is free again: a new execution runs at once on the two slots.
        var next = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        var other = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        Assert.Equal("completed", (await Client.WaitAsync(next))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await Client.WaitAsync(other))["status"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal("cancelled", (await Client.WaitAsync(id))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_ACompletedExecution_IsAConflict()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        await Client.WaitAsync(id);

        var (status, body) = await Client.PostJsonAsync($"agent/executions/{id}/cancel", "{}");

        Assert.Equal(409, status);
        Assert.Equal("not_cancellable", body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timeout_FailsTheExecutionWithTimeout()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":20000,"timeout_s":0.3}}""");

        var done = await Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("timeout", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task TransientFailures_AreRetried_ThenSucceed()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":2,"max_attempts":3}}""");

        var done = await Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(3, done["response"]!["succeeded_on_attempt"]!.GetValue<int>());
        Assert.Equal(3, done["attempts"]!.GetValue<int>());
        Assert.Null(done["error"]);
    }

    [Fact]
    public async Task TransientFailures_PastMaxAttempts_Fail()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":9,"max_attempts":3}}""");

        var done = await Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("tool_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("after 3 attempts", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeterministicFailure_FailsAtOnce()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":9,"deterministic":true,"max_attempts":5}}""");

        var done = await Client.WaitAsync(id);

        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
        Assert.StartsWith("invalid_input: planned failure", done["usage"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdempotencyKey_ReturnsTheFirstExecution()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "order-42" };
        var first = await Client.ExecuteAsync("""{"name":"test/noop"}""", headers);
        var second = await Client.ExecuteAsync("""{"name":"test/noop","priority":"high"}""", headers);
        var other = await Client.ExecuteAsync("""{"name":"test/noop"}""", new Dictionary<string, string> { ["Idempotency-Key"] = "order-43" });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        var (_, list) = await Client.GetJsonAsync("agent/executions?limit=100");
        Assert.Equal(2, list!.AsArray().Count);
    }

    [Fact]
    public async Task Cache_ReturnsTheStoredResultOfAnIdenticalExecution()
    {
        var first = await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"test/artifact","config":{"cache":true}}"""));
        var (status, second) = await Client.PostJsonAsync("agent/execute", """{"config":{"cache":true},"name":"test/artifact"}""");

        Assert.Equal(201, status);
        Assert.Equal("completed", second!["status"]!.GetValue<string>());
        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.Equal(first["response"]!.ToJsonString(), second["response"]!.ToJsonString());
        Assert.Equal(first["fingerprint"]!.ToJsonString(), second["fingerprint"]!.ToJsonString());
        var image = second["response"]!["image"]!.GetValue<string>();
        using var bytes = await Client.GetAsync($"artifacts?object_id={image}&execution_id={second["id"]}");
        Assert.Equal(TestHost.ArtifactAgent.Png, await bytes.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Artifacts_AreServedWithTheirExactContentType_ByExecutionAndBySession()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/artifact","metadata":{"session_id":"sess-1","environment":"dev","allow_training":false}}""");
        var done = await Client.WaitAsync(id);
        var objectId = done["response"]!["image"]!.GetValue<string>();

        Assert.Matches("^img_[0-9a-f]{6}$", objectId);
        Assert.Equal(objectId, done["artifacts"]![0]!["object_id"]!.GetValue<string>());
        using var response = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={id}");
        Assert.Equal("image/png", response.Content.Headers.GetValues("Content-Type").Single());
        Assert.Equal(TestHost.ArtifactAgent.Png, await response.Content.ReadAsByteArrayAsync());
        using var bySession = await Client.GetAsync($"artifacts?object_id={objectId}&session_id=sess-1");
        Assert.Equal(TestHost.ArtifactAgent.Png, await bySession.Content.ReadAsByteArrayAsync());

        var (_, list) = await Client.GetJsonAsync($"artifacts/list?execution_id={id}");
        Assert.Equal(id, list!["namespace_id"]!.GetValue<string>());
        var item = list["items"]![0]!;
        Assert.Equal(objectId, item["object_id"]!.GetValue<string>());
        Assert.Equal("store", item["source"]!.GetValue<string>());
        Assert.Equal("image/png", item["content_type"]!.GetValue<string>());
        Assert.Equal(TestHost.ArtifactAgent.Png.Length, item["bytes"]!.GetValue<int>());
        Assert.Equal(404, (await Client.GetJsonAsync($"artifacts?object_id=img_000000&execution_id={id}")).Status);
    }

    [Fact]
    public async Task ArtifactIds_DeriveFromTheFingerprint()
    {
        var a = await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"test/artifact"}"""));
        var b = await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"test/artifact"}"""));
        var c = await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"test/artifact","config":{"seed":7}}"""));

        Assert.Equal(a["response"]!["image"]!.GetValue<string>(), b["response"]!["image"]!.GetValue<string>());
        Assert.NotEqual(a["response"]!["image"]!.GetValue<string>(), c["response"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FiltersByStatusNameAndDate_NewestFirst()
    {
        var before = DateTime.UtcNow.AddSeconds(-1).ToString("O");
        var a = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        var b = await Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":5,"deterministic":true}}""");
        await Client.WaitAsync(a);
        await Client.WaitAsync(b);

        var (_, all) = await Client.GetJsonAsync("agent/executions?limit=10");
        Assert.Equal([b, a], all!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var (_, failed) = await Client.GetJsonAsync("agent/executions?status=failed");
        Assert.Equal([b], failed!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var (_, named) = await Client.GetJsonAsync("agent/executions?name=test/noop");
        Assert.Equal([a], named!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var (_, after) = await Client.GetJsonAsync($"agent/executions?created_after={Uri.EscapeDataString(before)}&skip=1&limit=1");
        Assert.Equal([a], after!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var (_, none) = await Client.GetJsonAsync($"agent/executions?created_before={Uri.EscapeDataString(before)}");
        Assert.Empty(none!.AsArray());
    }

    [Fact]
    public async Task Wait_ReturnsTheCurrentStateWhenTheTimeIsUp()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":5000}}""");

        var started = DateTime.UtcNow;
        var (status, body) = await Client.GetJsonAsync($"agent/executions/{id}?wait=0.5");

        Assert.Equal(200, status);
        Assert.Contains(body!["status"]!.GetValue<string>(), new[] { "pending", "running" });
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.4, 4);
        Assert.Equal(400, (await Client.GetJsonAsync($"agent/executions/{id}?wait=soon")).Status);
    }
}
