using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Tests.Support;
using Docket.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Providers;

/// <summary>The execution's toolsets as function tools: the loop, its records and its bound.</summary>
public sealed class ToolLoopTests
{
    private const string ImageSchema = """{"$defs":{"ImageRef":{"properties":{"id":{"pattern":"^img_\\w{6}$","title":"Id","type":"string"}},"required":["id"],"title":"ImageRef","type":"object"}},"properties":{"image":{"$ref":"#/$defs/ImageRef","description":"The processed image"}},"required":["image"],"title":"ImageResponse","type":"object"}""";

    private static readonly Dictionary<string, string> ToolProvider = new() { ["Tools"] = "true" };

    [Fact]
    public async Task ModelCallsATool_TheToolRuns_ItsResultGoesBack_AndEveryStepIsLogged()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.ToolCalls(("call_1", "core_test_stamp", """{"file":"photo","label":"hi"}""")))
            .Then(request =>
            {
                var tool = JsonNode.Parse(request.Body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>())!;
                return Reply.Content(new JsonObject { ["image"] = new JsonObject { ["id"] = tool["image"]!["id"]!.GetValue<string>() } }.ToJsonString());
            });
        await using var docket = await ProviderHost.StartAsync(fake, ToolProvider, services: s => s.AddSingleton<ITool, StampTool>());
        var upload = await docket.Client.UploadAsync(StampTool.Png(40, 30, 7), "photo.png", "image/png");

        var id = await docket.Client.ExecuteAsync($$$"""
            {"model":"vlmrun-orion-1:auto","inputs":{"photo":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},
             "config":{"prompt":"Stamp the photo with 'hi'.","json_schema":{{{ImageSchema}}}}}
            """);
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var artifact = Assert.Single(done["artifacts"]!.AsArray());
        Assert.Equal("image/png", artifact!["content_type"]!.GetValue<string>());
        var artifactId = artifact["object_id"]!.GetValue<string>();
        Assert.Equal(new JsonObject { ["image"] = new JsonObject { ["id"] = artifactId } }.ToJsonString(), done["response"]!.ToJsonString());
        Assert.Equal(3, done["usage"]!["steps"]!.GetValue<int>());

        var first = fake.Requests[0].Body;
        var tools = first["tools"]!.AsArray();
        Assert.Equal(["core_ocr", "core_read", "core_test_stamp", "core_validate_json"], tools.Select(t => t!["function"]!["name"]!.GetValue<string>()));
        var tool = tools.Single(t => t!["function"]!["name"]!.GetValue<string>() == "core_test_stamp")!;
        Assert.Equal("function", tool["type"]!.GetValue<string>());
        Assert.Equal("core_test_stamp", tool["function"]!["name"]!.GetValue<string>());
        Assert.Equal(new StampTool().Parameters.ToJsonString(), tool["function"]!["parameters"]!.ToJsonString());

        var second = fake.Requests[1].Body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], second.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("call_1", second[2]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("call_1", second[3]!["tool_call_id"]!.GetValue<string>());
        var result = JsonNode.Parse(second[3]!["content"]!.GetValue<string>())!;
        Assert.Equal("hi", result["label"]!.GetValue<string>());
        Assert.Equal(upload["bytes"]!.GetValue<long>(), result["source_bytes"]!.GetValue<long>());

        using var client = new DocketClient(new DocketClientOptions { BaseUrl = docket.BaseUrl + "/v1", ApiKey = docket.AdminKey });
        var steps = await client.Executions.StepsAsync(id);
        Assert.Equal(["model", "tool", "model"], steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Step));
        Assert.Equal("core.test_stamp", steps[1].Name);
        Assert.Equal("ok", steps[1].Status);
        Assert.Equal("""{"file":"photo","label":"hi"}""", steps[1].Detail!["arguments"]!.ToJsonString());
        Assert.Equal(artifactId, steps[1].Detail!["artifacts"]![0]!.GetValue<string>());
        Assert.Equal("core_test_stamp", steps[0].Detail!["tool_calls"]![0]!.GetValue<string>());

        var cli = await docket.DocketAsync("executions", "steps", id);
        Assert.Equal(0, cli.Code);
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^1\s+2\s+tool\s+core\.test_stamp\s+ok\s+.*artifacts " + artifactId, lines[2]);
    }

    [Fact]
    public async Task FailingToolCall_IsReportedToTheModel_WhichCanStillAnswer()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(
            Reply.ToolCalls(("c1", "core_test_stamp", """{"file":"missing","label":"x"}"""), ("c2", "core_no_such_tool", "{}"), ("c3", "core_test_stamp", "{not json")),
            Reply.Content("I could not stamp it."));
        await using var docket = await ProviderHost.StartAsync(fake, ToolProvider, services: s => s.AddSingleton<ITool, StampTool>());

        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"text"},"config":{"prompt":"p"}}""");
        var done = await docket.Client.WaitAsync(id);
        var (_, steps) = await docket.Client.GetJsonAsync($"agent/executions/{id}/steps");

        Assert.Equal("""{"text":"I could not stamp it."}""", done["response"]!.ToJsonString());
        var tools = fake.Requests[1].Body["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => JsonNode.Parse(m!["content"]!.GetValue<string>())!).ToList();
        Assert.Equal(3, tools.Count);
        Assert.All(tools, t => Assert.Equal("invalid_input", t["error"]!["code"]!.GetValue<string>()));
        Assert.Contains("names input 'missing'", tools[0]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no tool 'core_no_such_tool'", tools[1]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", tools[2]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["ok", "error", "error", "error", "ok"], steps!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ModelThatKeepsCallingTools_IsStoppedAtTheBoundAndAskedToAnswer()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(
            Reply.ToolCalls(("c1", "core_test_stamp", """{"file":"t","label":"1"}""")),
            Reply.ToolCalls(("c2", "core_test_stamp", """{"file":"t","label":"2"}""")),
            Reply.Content("done"));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Tools"] = "true", ["MaxToolSteps"] = "2" }, services: s => s.AddSingleton<ITool, StampTool>());

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"text"},"config":{"prompt":"p"}}"""));

        Assert.Equal("""{"text":"done"}""", done["response"]!.ToJsonString());
        Assert.Equal(3, fake.Requests.Count);
        Assert.NotNull(fake.Requests[1].Body["tools"]);
        Assert.Null(fake.Requests[2].Body["tools"]);
        Assert.Equal("No more tool calls are possible. Give your final answer now.", fake.Requests[2].Body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>());
        Assert.Contains("used all 2 rounds", done["usage"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderWithoutTools_IsOfferedNone()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("ok"));
        await using var docket = await ProviderHost.StartAsync(fake, services: s => s.AddSingleton<ITool, StampTool>());

        await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p"},"toolsets":["core","image"]}"""));

        Assert.Null(Assert.Single(fake.Requests).Body["tools"]);
    }

    [Fact]
    public async Task ModelWithoutVision_UsesTheRealVideoTools_OnAVideoItCannotSee()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.ToolCalls(("p1", "video_probe", """{"video":"clip"}"""), ("t1", "video_thumbnails", """{"video":"clip","count":2,"width":160}""")))
            .Then(request =>
            {
                var probe = JsonNode.Parse(request.Body["messages"]!.AsArray()[^2]!["content"]!.GetValue<string>())!;
                return Reply.Content(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The video is {probe["width"]}x{probe["height"]}."));
            });
        await using var docket = await ProviderHost.StartAsync(fake, ToolProvider);
        var video = await File.ReadAllBytesAsync(Path.Combine(Docket.Tests.Engine.TestDocuments.SharedCorpus, "media", "vtest.avi"));
        var upload = await docket.Client.UploadAsync(video, "vtest.avi", "video/x-msvideo");

        var done = await docket.Client.WaitAsync(
            await docket.Client.ExecuteAsync($$$"""{"model":"fake","toolsets":["video"],"inputs":{"clip":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"How large is the video?"}}"""),
            120);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("""{"text":"The video is 768x576."}""", done["response"]!.ToJsonString());
        Assert.Equal(2, done["artifacts"]!.AsArray().Count);
        Assert.Equal(4, done["usage"]!["steps"]!.GetValue<int>());
        var first = fake.Requests[0].Body;
        Assert.Contains(first["tools"]!.AsArray(), t => t!["function"]!["name"]!.GetValue<string>() == "video_probe");
        Assert.DoesNotContain(first["messages"]![1]!["content"]!.AsArray(), p => p!["type"]!.GetValue<string>() == "image_url");
        Assert.Contains("the tools can read it as \"clip\"", first["messages"]![1]!["content"]![1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
