using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

public sealed class FeedbackContractTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("feedback/submit")]
    [InlineData("experimental/feedback/submit")]
    public async Task Submit_WithRequestId_ReturnsFeedbackSubmitResponse(string path)
    {
        var execution = await CompletedExecutionAsync();

        // feedback.submit(): FeedbackSubmitRequest(...).model_dump(exclude_none=True)
        var (status, body) = await Sdk.PostAsync(Client, path, $$"""{"request_id": "{{execution}}", "response": {"ok": false, "total": 12.5}, "notes": "The total is wrong."}""");

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(WireAssert.String(body, "id")));
        Assert.Equal(execution, WireAssert.String(body, "request_id"));
        Assert.Equal(execution, WireAssert.String(body, "agent_execution_id"));
        WireAssert.Timestamp(body!["created_at"]);
    }

    [Fact]
    public async Task Submit_WithAgentExecutionId_ReturnsBothIds()
    {
        var execution = await CompletedExecutionAsync();

        var (status, body) = await Sdk.PostAsync(Client, "feedback/submit", $$"""{"agent_execution_id": "{{execution}}", "notes": "Looks right."}""");

        Assert.Equal(200, status);
        Assert.Equal(execution, WireAssert.String(body, "request_id"));
        Assert.Equal(execution, WireAssert.String(body, "agent_execution_id"));
        WireAssert.Timestamp(body!["created_at"]);
    }

    [Fact]
    public async Task SubmitAndGet_AsTheTypeScriptSdkSendsThem_Work()
    {
        var execution = await CompletedExecutionAsync();

        // feedback.submit({agentExecutionId, notes}): every id key present, the unused ones null.
        var (status, body) = await Client.PostJsonAsync("feedback/submit", $$"""{"request_id":null,"agent_execution_id":"{{execution}}","chat_id":null,"notes":"From TypeScript."}""");
        var (listStatus, list) = await Client.GetJsonAsync($"feedback/{execution}?type=agent_execution&limit=10&offset=0");

        Assert.Equal(200, status);
        Assert.Equal(execution, WireAssert.String(body, "agent_execution_id"));
        Assert.Equal(200, listStatus);
        var item = Assert.Single(Assert.IsType<JsonArray>(list!["items"]));
        Assert.Equal(WireAssert.String(body, "id"), WireAssert.String(item, "id"));
        Assert.Equal("From TypeScript.", WireAssert.String(item, "notes"));
    }

    [Fact]
    public async Task List_ReturnsItemsNewestFirst()
    {
        var execution = await CompletedExecutionAsync();
        var ids = new List<string>();
        foreach (var note in new[] { "first", "second", "third" })
        {
            var (_, submitted) = await Sdk.PostAsync(Client, "feedback/submit", $$"""{"request_id": "{{execution}}", "response": {"note": "{{note}}"}, "notes": "{{note}}"}""");
            ids.Add(WireAssert.String(submitted, "id"));
        }

        var (status, body) = await Client.SendAsync(HttpMethod.Get, $"feedback/{execution}?offset=0&limit=10", headers: Sdk.Headers);

        Assert.Equal(200, status);
        Assert.Equal(execution, WireAssert.String(body, "request_id"));
        Assert.Equal(execution, WireAssert.String(body, "agent_execution_id"));
        var items = Assert.IsType<JsonArray>(body!["items"]);
        Assert.Equal([ids[2], ids[1], ids[0]], items.Select(i => WireAssert.String(i, "id")));
        var newest = items[0]!;
        WireAssert.Timestamp(newest["created_at"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["note"] = "third" }, newest["response"]));
        Assert.Equal("third", WireAssert.String(newest, "notes"));
    }

    [Fact]
    public async Task List_HonoursLimitAndOffset()
    {
        var execution = await CompletedExecutionAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, submitted) = await Sdk.PostAsync(Client, "experimental/feedback/submit", $$"""{"request_id": "{{execution}}", "notes": "note {{i}}"}""");
            ids.Add(WireAssert.String(submitted, "id"));
        }

        var (_, firstPage) = await Client.GetJsonAsync($"feedback/{execution}?offset=0&limit=2");
        var (_, secondPage) = await Client.GetJsonAsync($"feedback/{execution}?offset=2&limit=2");

        Assert.Equal([ids[2], ids[1]], Assert.IsType<JsonArray>(firstPage!["items"]).Select(i => WireAssert.String(i, "id")));
        var last = Assert.Single(Assert.IsType<JsonArray>(secondPage!["items"]));
        Assert.Equal(ids[0], WireAssert.String(last, "id"));
        WireAssert.Null(last, "response");
    }

    [Fact]
    public async Task List_WithoutFeedback_ReturnsEmptyItems()
    {
        var execution = await CompletedExecutionAsync();

        var (status, body) = await Client.GetJsonAsync($"feedback/{execution}");

        Assert.Equal(200, status);
        Assert.Equal(execution, WireAssert.String(body, "request_id"));
        Assert.Empty(Assert.IsType<JsonArray>(body!["items"]));
    }

    [Theory]
    [InlineData("feedback/submit", "request_id")]
    [InlineData("feedback/submit", "agent_execution_id")]
    [InlineData("experimental/feedback/submit", "request_id")]
    public async Task Submit_ForUnknownExecution_Returns404(string path, string key)
    {
        WireAssert.Problem(404, await Sdk.PostAsync(Client, path, $$"""{"{{key}}": "0198c0de-0000-7000-8000-000000000000", "notes": "?"}"""), "not_found");
    }

    [Fact]
    public async Task List_ForUnknownExecution_Returns404()
    {
        WireAssert.Problem(404, await Client.GetJsonAsync("feedback/0198c0de-0000-7000-8000-000000000000"), "not_found");
    }

    [Theory]
    [InlineData("feedback/submit")]
    [InlineData("experimental/feedback/submit")]
    public async Task Submit_WithNeitherId_Returns400(string path)
    {
        WireAssert.Problem(400, await Sdk.PostAsync(Client, path, """{"response": {"ok": true}, "notes": "no id"}"""));
    }

    [Theory]
    [InlineData("""{"response": [1, 2], "notes": "x"}""")]
    [InlineData("""{"response": "fine", "notes": "x"}""")]
    [InlineData("""{"notes": 5}""")]
    public async Task Submit_WithMistypedFields_Returns400(string fields)
    {
        var execution = await CompletedExecutionAsync();
        var json = $$"""{"request_id": "{{execution}}", """ + fields[1..];

        WireAssert.Problem(400, await Sdk.PostAsync(Client, "feedback/submit", json));
    }

    private async Task<string> CompletedExecutionAsync()
    {
        var id = await Client.ExecuteAsync("""{"model": "vlmrun-orion-1:auto", "name": "test/noop", "batch": true, "inputs": null}""", Sdk.Headers);
        Assert.Equal("completed", (await Client.WaitAsync(id))["status"]!.GetValue<string>());
        return id;
    }
}
