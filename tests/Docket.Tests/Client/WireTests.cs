using System.Text;
using System.Text.Json.Nodes;
using Docket.Client;
using Microsoft.AspNetCore.Http;

namespace Docket.Tests.Client;

/// <summary>The exact requests the client sends, as a scripted server receives them.</summary>
public sealed class WireTests
{
    private const string Pending = """{"id":"exec_1","name":"test/sleep","created_at":"2025-01-01T00:00:00.000Z","status":"pending","usage":{}}""";

    [Fact]
    public async Task Execute_SendsEveryMessageContentKind_AndTheRequestInSnakeCase()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => ScriptedServer.JsonAsync(context, 201, Pending));
        using var client = Client(server);

        await client.Agent.ExecuteAsync(new ExecuteRequest
        {
            Name = "some-agent:1",
            Inputs = new
            {
                ScannedFile = MessageContent.File("file_1"),
                Pictures = new[] { MessageContent.ImageUrl(new Uri("https://example.com/a.png")), MessageContent.ImageUrl(new Uri("https://example.com/b.png"), "high") },
                Clip = MessageContent.VideoUrl(new Uri("https://example.com/c.mp4")),
                Voice = MessageContent.AudioUrl(new Uri("https://example.com/d.mp3")),
                Remote = MessageContent.FileUrl(new Uri("https://example.com/e.pdf")),
                Question = MessageContent.Text("What is due?"),
                MaxPages = 3,
                Skipped = (string?)null,
            },
            Config = new AgentConfig { Prompt = "Go.", TimeoutSeconds = 9, MaxAttempts = 2, Cache = true, Extra = new JsonObject { ["custom"] = "x" } },
            Priority = ExecutionPriority.Low,
            Toolsets = ["image", "web"],
            Metadata = new ExecutionMetadata { SessionId = "s1", AllowTraining = true },
            CallbackUrl = new Uri("https://hooks.example.com/done"),
        });

        var body = server.Received.Single().Json;
        Assert.Equal(
            """{"name":"some-agent:1","inputs":{"scanned_file":{"type":"input_file","file_id":"file_1"},"pictures":[{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"auto"}},{"type":"image_url","image_url":{"url":"https://example.com/b.png","detail":"high"}}],"clip":{"type":"video_url","video_url":{"url":"https://example.com/c.mp4"}},"voice":{"type":"audio_url","audio_url":{"url":"https://example.com/d.mp3"}},"remote":{"type":"file_url","file_url":{"url":"https://example.com/e.pdf"}},"question":{"type":"text","text":"What is due?"},"max_pages":3},"config":{"prompt":"Go.","timeout_s":9,"max_attempts":2,"cache":true,"custom":"x"},"priority":"low","toolsets":["image","web"],"metadata":{"session_id":"s1","allow_training":true},"callback_url":"https://hooks.example.com/done"}""",
            body);
    }

    [Fact]
    public async Task ExecuteTyped_SendsTheResponseTypesSchema_AsConfigJsonSchema()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => ScriptedServer.JsonAsync(context, 201, Pending));
        using var client = Client(server);

        await client.Agent.ExecuteAsync<PixelResult>("test/artifact", null);

        var config = JsonNode.Parse(server.Received.Single().Json!)!["config"]!;
        Assert.Equal(DocketSchema.For<PixelResult>().ToJsonString(), config["json_schema"]!.ToJsonString());
        Assert.Equal(
            """{"type":"object","properties":{"image":{"type":"object","properties":{"id":{"type":"string","pattern":"^img_\\w{6}$"}},"required":["id"],"description":"The processed image","title":"ImageRef"}},"required":["image"],"title":"PixelResult"}""",
            config["json_schema"]!.ToJsonString());
    }

    [Fact]
    public async Task Wait_LongPollsAtMost60SecondsAtATime_UntilTheExecutionEnds()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) =>
            ScriptedServer.JsonAsync(context, 200, n < 3 ? Pending.Replace("pending", "running", StringComparison.Ordinal) : Pending.Replace("pending", "completed", StringComparison.Ordinal)));
        using var client = Client(server);

        var done = await client.Executions.WaitAsync("exec_1", TimeSpan.FromMinutes(10));

        Assert.Equal(ExecutionStatus.Completed, done.Status);
        Assert.Equal(["/v1/agent/executions/exec_1?wait=60", "/v1/agent/executions/exec_1?wait=60", "/v1/agent/executions/exec_1?wait=60"], server.Received.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Watch_WhenTheStreamBreaksEarly_ReconnectsAndSkipsWhatItSaw()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, n) =>
        {
            context.Response.ContentType = "text/event-stream";
            var events = new StringBuilder(Event(1, "pending"));
            if (n > 1)
            {
                events.Append(": keep-alive\n\n").Append(Event(2, "running")).Append(Event(3, "completed"));
            }

            await context.Response.WriteAsync(events.ToString());
        });
        using var client = Client(server);

        var seen = new List<string>();
        await foreach (var change in client.Executions.WatchAsync("exec_1"))
        {
            seen.Add(change.Status);
        }

        Assert.Equal([ExecutionStatus.Pending, ExecutionStatus.Running, ExecutionStatus.Completed], seen);
        Assert.Equal(2, server.Received.Count);
    }

    private static string Event(int id, string status) =>
        $"id: {id}\nevent: status\ndata: {Pending.Replace("pending", status, StringComparison.Ordinal)}\n\n";

    private static DocketClient Client(ScriptedServer server) =>
        new(new DocketClientOptions { BaseUrl = server.BaseUrl, ApiKey = "dk_test", RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
}
