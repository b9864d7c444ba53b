using System.Text.Json.Nodes;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket executions …` as a process against a real server.</summary>
public sealed class ExecutionsCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task ListGetWait_ShowAnExecution()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":200}}""");

        var wait = await Server.DocketAsync("executions", "wait", id, "--json");
        var get = await Server.DocketAsync("executions", "get", id);
        var list = await Server.DocketAsync("executions", "list", "--name", "test/sleep", "--status", "completed", "--limit", "1000", "--json");
        var table = await Server.DocketAsync("executions", "list", "--limit", "1000");

        Assert.True(wait.Code == 0, wait.ToString());
        Assert.Equal(200, JsonNode.Parse(wait.Output)!["response"]!["slept_ms"]!.GetValue<int>());
        Assert.Equal(0, get.Code);
        Assert.Matches(@"(?m)^status\s+completed$", get.Output);
        Assert.Matches(@"(?m)^name\s+test/sleep$", get.Output);
        Assert.Contains("\"slept_ms\": 200", get.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.Code);
        Assert.Contains(id, JsonNode.Parse(list.Output)!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.All(JsonNode.Parse(list.Output)!.AsArray(), e => Assert.Equal("test/sleep", e!["name"]!.GetValue<string>()));
        Assert.Matches($@"(?m)^{id}\s+test/sleep\s+completed\s", table.Output);
    }

    [Fact]
    public async Task Wait_PastItsTimeout_Exits4_AndCancelEndsTheExecution()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":30000}}""");

        var wait = await Server.DocketAsync("executions", "wait", id, "--timeout", "0.5");
        var cancel = await Server.DocketAsync("executions", "cancel", id, "--json");
        var after = await Server.DocketAsync("executions", "wait", id);
        var again = await Server.DocketAsync("executions", "cancel", id);

        Assert.True(wait.Code == 4, wait.ToString());
        Assert.Contains($"docket executions wait {id}", wait.Error, StringComparison.Ordinal);
        Assert.Equal(0, cancel.Code);
        Assert.Equal(id, JsonNode.Parse(cancel.Output)!["id"]!.GetValue<string>());
        Assert.Equal(1, after.Code);
        Assert.Contains("cancelled", after.Error, StringComparison.Ordinal);
        Assert.Equal(1, again.Code);
        Assert.Contains("409", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WithATimeout_Exits4_WithTheExecutionAsJson()
    {
        var result = await Server.DocketAsync("execute", "test/sleep", "--config", """{"sleep_ms":30000}""", "--timeout", "0.5", "--json");

        Assert.True(result.Code == 4, result.ToString());
        var execution = JsonNode.Parse(result.Output)!;
        Assert.Contains(execution["status"]!.GetValue<string>(), new[] { "pending", "running" });
        Assert.Equal(0, (await Server.DocketAsync("executions", "cancel", execution["id"]!.GetValue<string>())).Code);
    }

    [Fact]
    public async Task Watch_PrintsTheStatusSequence()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":300}}""");

        var human = await Server.DocketAsync("executions", "watch", id);
        var json = await Server.DocketAsync("executions", "watch", id, "--json");

        Assert.True(human.Code == 0, human.ToString());
        var statuses = human.Output.TrimEnd().Split('\n').Select(line => line.Split("  ")[1]).ToList();
        Assert.Equal(["pending", "running", "completed"], statuses);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d\d\d  pending", human.Output);
        Assert.Contains("running  attempt 1", human.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        Assert.Equal(["pending", "running", "completed"], JsonNode.Parse(json.Output)!.AsArray().Select(e => e!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Watch_OfAFailingExecution_Exits1()
    {
        var id = await Server.Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":9,"deterministic":true}}""");

        var result = await Server.DocketAsync("executions", "watch", id);

        Assert.True(result.Code == 1, result.ToString());
        Assert.EndsWith("failed  invalid_input: planned failure on attempt 1", result.Output.TrimEnd(), StringComparison.Ordinal);
    }
}
