using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Data;
using Docket.Engine.Providers;
using Docket.Tests.Support;
using Docket.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Providers;

/// <summary>Replay: re-running an execution against its recorded model calls, with no model asked.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task Replay_OfAToolUsingExecution_IsIdentical_AndAsksTheModelNothing()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.ToolCalls(("c1", "core_test_stamp", """{"file":"photo","label":"replay"}""")))
            .Then(request => Reply.Content("Stamped " + JsonNode.Parse(request.Body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>())!["image"]!["id"]));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Tools"] = "true", ["Vision"] = "true" }, services: s => s.AddSingleton<ITool, StampTool>());
        var upload = await docket.Client.UploadAsync(StampTool.Png(64, 48, 9), "photo.png", "image/png");
        var id = await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"photo":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"Stamp it."}}""");
        var done = await docket.Client.WaitAsync(id);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        using var client = new DocketClient(new DocketClientOptions { BaseUrl = docket.BaseUrl + "/v1", ApiKey = docket.AdminKey });

        var report = await client.Executions.ReplayAsync(id);

        Assert.True(report.Identical, Describe(report));
        Assert.True(report.ResponseIdentical);
        Assert.True(report.ArtifactsIdentical);
        Assert.Equal(2, report.CallsRecorded);
        Assert.Equal(2, report.CallsReplayed);
        Assert.Empty(report.RequestMismatches);
        Assert.Equal(done["response"]!.ToJsonString(), report.Response!.ToJsonString());
        Assert.Equal(2, fake.Requests.Count);

        var cli = await docket.DocketAsync("executions", "replay", id);
        Assert.Equal(0, cli.Code);
        Assert.Matches(@"identical\s+yes", cli.Output);
    }

    [Fact]
    public async Task Replay_WhenTheRecordingNoLongerGivesTheStoredResponse_ReportsWhereItDiffers()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("""{"vendor":"ACME","total":5}"""));
        await using var docket = await ProviderHost.StartAsync(fake);
        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"json_schema":{"type":"object","properties":{"vendor":{"type":"string"},"total":{"type":"number"}}}}}""");
        await docket.Client.WaitAsync(id);
        var call = Assert.Single(await docket.Services.GetRequiredService<ModelCallStore>().ListCallsAsync(id, null, CancellationToken.None));
        var changed = JsonNode.Parse(call.Response!)!;
        changed["choices"]![0]!["message"]!["content"] = """{"vendor":"ACME","total":6}""";
        await docket.Services.GetRequiredService<IDocketDatabase>().WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                "UPDATE model_calls SET response = @response WHERE execution_id = @id",
                CancellationToken.None,
                ("@response", changed.ToJsonString()),
                ("@id", id)),
            CancellationToken.None);

        var (status, report) = await docket.Client.PostJsonAsync($"agent/executions/{id}/replay", "{}");
        var cli = await docket.DocketAsync("executions", "replay", id, "--json");

        Assert.Equal(200, status);
        Assert.False(report!["identical"]!.GetValue<bool>());
        Assert.Equal(["/total"], report["differences"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(6, report["response"]!["total"]!.GetValue<int>());
        Assert.Equal(1, cli.Code);
        Assert.False(JsonNode.Parse(cli.Output)!["identical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Replay_OfACachedResult_UsesTheRecordingOfTheExecutionItCameFrom()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("cached answer"));
        await using var docket = await ProviderHost.StartAsync(fake);
        const string Request = """{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p","cache":true}}""";
        var first = await docket.Client.ExecuteAsync(Request);
        await docket.Client.WaitAsync(first);
        var second = await docket.Client.ExecuteAsync(Request);

        var (_, report) = await docket.Client.PostJsonAsync($"agent/executions/{second}/replay", "{}");

        Assert.True(report!["identical"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(first, report["recording_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_OfAnExecutionThatDidNotComplete_IsAConflict()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Status(400, """{"error":{"message":"no"}}"""));
        await using var docket = await ProviderHost.StartAsync(fake);
        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p"}}""");
        await docket.Client.WaitAsync(id);

        var (status, problem) = await docket.Client.PostJsonAsync($"agent/executions/{id}/replay", "{}");
        var (missing, _) = await docket.Client.PostJsonAsync("agent/executions/no-such-id/replay", "{}");

        Assert.Equal(409, status);
        Assert.Equal("not_completed", problem!["code"]!.GetValue<string>());
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task Replay_OfABuiltInExecution_RunsItAgain()
    {
        await using var docket = await DocketTestServer.StartAsync();
        var id = await docket.Client.ExecuteAsync("""{"name":"document/parse","inputs":{"t":"Line one\nLine two"}}""");
        await docket.Client.WaitAsync(id);

        var (_, report) = await docket.Client.PostJsonAsync($"agent/executions/{id}/replay", "{}");

        Assert.True(report!["identical"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(0, report["calls_recorded"]!.GetValue<int>());
    }

    private static string Describe(Docket.Client.ReplayReport report) =>
        $"differences {string.Join(',', report.Differences)}; mismatches {string.Join(',', report.RequestMismatches.Select(m => m.ToJsonString()))}; error {report.Error}";
}
