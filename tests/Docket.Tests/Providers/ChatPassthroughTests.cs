using System.Text;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Providers;

/// <summary>POST /v1/openai/chat/completions, as the VLM Run SDKs' agent.completions (an OpenAI client at {base_url}/openai) calls it.</summary>
public sealed class ChatPassthroughTests
{
    [Fact]
    public async Task ChatCompletion_GoesToTheProvider_WithItsModelId_AndUploadedFilesInline()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("It is a blue square."));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Vision"] = "true" });
        var upload = await docket.Client.UploadAsync(StampTool.Png(20, 20, 1), "square.png", "image/png");

        var (status, answer) = await docket.Client.PostJsonAsync("openai/chat/completions", $$$"""
            {"model":"vlmrun-orion-1:auto","messages":[{"role":"user","content":[{"type":"input_file","file_id":"{{{upload["id"]}}}"},{"type":"text","text":"What is this?"}]}],
             "toolsets":["image"],"session_id":"s-1"}
            """);

        Assert.Equal(200, status);
        Assert.Equal("It is a blue square.", answer!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("s-1", answer["session_id"]!.GetValue<string>());
        var sent = Assert.Single(fake.Requests).Body;
        Assert.Equal(ProviderHost.Model, sent["model"]!.GetValue<string>());
        Assert.Null(sent["toolsets"]);
        Assert.Null(sent["session_id"]);
        Assert.Equal(0, sent["temperature"]!.GetValue<double>());
        Assert.Equal(1, sent["seed"]!.GetValue<long>());
        var parts = sent["messages"]![0]!["content"]!.AsArray();
        Assert.Equal("image_url", parts[0]!["type"]!.GetValue<string>());
        Assert.StartsWith("data:image/png;base64,", parts[0]!["image_url"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""{"type":"text","text":"What is this?"}""", parts[1]!.ToJsonString());
    }

    [Fact]
    public async Task StreamedChatCompletion_PassesTheEventsThrough()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Stream("Hel", "lo", "!"));
        await using var docket = await ProviderHost.StartAsync(fake);

        using var request = new HttpRequestMessage(HttpMethod.Post, "openai/chat/completions")
        {
            Content = new StringContent("""{"model":"fake","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await docket.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("Hello!", string.Concat(events[..^1].Select(e => JsonNode.Parse(e)!["choices"]![0]!["delta"]!["content"]!.GetValue<string>())));
        Assert.True(Assert.Single(fake.Requests).Body["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ChatCompletion_ProviderRefusal_KeepsItsStatusAndMessage()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Status(400, """{"error":{"message":"messages must not be empty"}}"""), Reply.Status(503, "overloaded"));
        await using var docket = await ProviderHost.StartAsync(fake);

        var (refused, problem) = await docket.Client.PostJsonAsync("openai/chat/completions", """{"model":"fake","messages":[{"role":"user","content":"x"}]}""");
        var (failing, _) = await docket.Client.PostJsonAsync("openai/chat/completions", """{"model":"fake","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(400, refused);
        Assert.Equal("model_error", problem!["code"]!.GetValue<string>());
        Assert.Contains("messages must not be empty", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(502, failing);
    }

    [Fact]
    public async Task ChatCompletion_WithNoProvider_IsANotFoundThatSaysWhy()
    {
        await using var docket = await DocketTestServer.StartAsync();

        var (status, problem) = await docket.Client.PostJsonAsync("openai/chat/completions", """{"model":"vlmrun-orion-1","messages":[{"role":"user","content":"Hello!"}]}""");
        var (unauthorized, _) = await docket.CreateClient(null).PostJsonAsync("openai/chat/completions", "{}");

        Assert.Equal(404, status);
        Assert.Equal("model_not_found", problem!["code"]!.GetValue<string>());
        Assert.Contains("No model provider is configured", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(401, unauthorized);
    }

    [Fact]
    public async Task ModelsList_ShowsTheBuiltInEngineAndEachProvider_ThroughTheClientAndTheCli()
    {
        await using var fake = await FakeModelServer.StartAsync();
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Vision"] = "true", ["JsonSchema"] = "true", ["ApiKeyVariable"] = "PATH" });
        using var client = new DocketClient(new DocketClientOptions { BaseUrl = docket.BaseUrl + "/v1", ApiKey = docket.AdminKey });

        var models = await client.Models.ListAsync();
        var cli = await docket.DocketAsync("models", "list");

        Assert.Equal(["vlm-1", "fake"], models.Select(m => m.Model).Distinct());
        Assert.All(models.Where(m => m.Model == "vlm-1"), m => Assert.Equal("builtin", m.Engine));
        var fakeRows = models.Where(m => m.Model == "fake").ToList();
        Assert.Equal(models.Count(m => m.Model == "vlm-1"), fakeRows.Count);
        var row = fakeRows[0];
        Assert.Equal(ProviderHost.Model, row.ProviderModel);
        Assert.Equal(fake.BaseUrl, row.BaseUrl);
        Assert.Equal(["vision", "json_schema"], row.Capabilities);
        Assert.Equal(["vlmrun-orion-1:auto"], row.Aliases);
        Assert.Equal("PATH", row.ApiKeyVariable);
        Assert.True(models.First(m => m.Model == "vlm-1").Default);
        Assert.Equal(12, row.MaxToolSteps);
        Assert.DoesNotContain(Environment.GetEnvironmentVariable("PATH")!, (await docket.Client.GetStringAsync("models")), StringComparison.Ordinal);

        Assert.Equal(0, cli.Code);
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^fake\s+openai-compatible/1\s+test-model\s+http://127\.0\.0\.1:\d+/v1\s+vision,json_schema\s+vlmrun-orion-1:auto", lines[2]);
    }
}
