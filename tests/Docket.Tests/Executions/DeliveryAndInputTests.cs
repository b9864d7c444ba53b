using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Tenants;
using Docket.Tests.Support;
using Docket.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Executions;

/// <summary>Webhooks to a real receiver, and URL inputs downloaded from a real server.</summary>
public sealed class DeliveryAndInputTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string Signature, byte[] Body)> _received = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private DocketTestServer _server = null!;
    private WebApplication _receiver = null!;
    private string _receiverUrl = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await DocketTestServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook/{name}", async (HttpContext context, string name) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            _received.Enqueue((name, context.Request.Headers[WebhookSigner.HeaderName].ToString(), buffer.ToArray()));
            if (_failuresLeft.TryGetValue(name, out var left) && left > 0)
            {
                _failuresLeft[name] = left - 1;
                return Results.StatusCode(500);
            }

            return Results.Ok();
        });
        _receiver.MapGet("/doc.txt", () => Results.Text("text from a URL input", "text/plain"));
        _receiver.MapGet("/moved", () => Results.Redirect("/doc.txt"));
        await _receiver.StartAsync();
        _receiverUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    private string Body(string template, string payload = "") => template.Replace("RECEIVER", _receiverUrl, StringComparison.Ordinal).Replace("PAYLOAD", payload, StringComparison.Ordinal);

    [Fact]
    public async Task Webhook_PostsTheSignedExecution_OnceTerminal()
    {
        var id = await Client.ExecuteAsync(Body("""{"name":"test/noop","callback_url":"RECEIVER/hook/ok"}"""));
        await Client.WaitAsync(id);

        await Eventually.TrueAsync(() => Task.FromResult(_received.Any(r => r.Path == "ok")));
        var hook = _received.Single(r => r.Path == "ok");
        var tenant = await _server.Services.GetRequiredService<TenantStore>().FindTenantAsync("default", CancellationToken.None);
        Assert.Equal(WebhookSigner.Sign(tenant!.WebhookSecret, hook.Body), hook.Signature);
        var body = JsonNode.Parse(hook.Body)!;
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());

        await Eventually.TrueAsync(async () => (await Client.GetJsonAsync($"agent/executions/{id}/deliveries")).Body![0]!["status"]!.GetValue<string>() == "delivered");
        var (_, deliveries) = await Client.GetJsonAsync($"agent/executions/{id}/deliveries");
        Assert.Equal(1, deliveries![0]!["attempts"]!.GetValue<int>());
        Assert.Equal(200, deliveries[0]!["history"]![0]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Webhook_IsRetriedUntilTheReceiverAccepts_AndEveryAttemptIsRecorded()
    {
        _failuresLeft["flaky"] = 2;
        var id = await Client.ExecuteAsync(Body("""{"name":"test/fail","config":{"fail_times":9,"deterministic":true},"callback_url":"RECEIVER/hook/flaky"}"""));
        await Client.WaitAsync(id);

        await Eventually.TrueAsync(async () => (await Client.GetJsonAsync($"agent/executions/{id}/deliveries")).Body![0]!["status"]!.GetValue<string>() == "delivered");
        var (_, deliveries) = await Client.GetJsonAsync($"agent/executions/{id}/deliveries");
        var history = deliveries![0]!["history"]!.AsArray();
        Assert.Equal([500, 500, 200], history.Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.All(_received.Where(r => r.Path == "flaky"), r => Assert.Equal("failed", JsonNode.Parse(r.Body)!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task UrlInputs_AreDownloadedByTheWorker_FollowingRedirects()
    {
        var id = await Client.ExecuteAsync(Body("""
            {"name":"test/echo","inputs":{
              "a":{"type":"file_url","file_url":{"url":"RECEIVER/doc.txt"}},
              "b":{"type":"input_file","file_url":"RECEIVER/moved"},
              "c":"RECEIVER/doc.txt",
              "d":{"type":"text","text":"plain words"},
              "e":{"any":"json"}}}
            """));

        var done = await Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var inputs = done["response"]!["inputs"]!.AsArray();
        Assert.Equal(["a", "b", "c", "d", "e"], inputs.Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(inputs.Take(3), i => Assert.Equal("text from a URL input", i!["text"]!.GetValue<string>()));
        Assert.Equal("plain words", inputs[3]!["text"]!.GetValue<string>());
        Assert.Equal("json", inputs[4]!["value"]!["any"]!.GetValue<string>());
    }

    [Fact]
    public async Task UrlInputs_ToPrivateAddresses_AreRefusedUnlessAllowed()
    {
        await using var guarded = await DocketTestServer.StartAsync(s => s.Configuration["Docket:Inputs:AllowPrivateUrls"] = "false");
        var id = await guarded.Client.ExecuteAsync(Body("""{"name":"test/echo","inputs":{"doc":{"type":"image_url","image_url":{"url":"RECEIVER/doc.txt","detail":"auto"}}}}"""));

        var done = await guarded.Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("127.0.0.1", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task DataUrls_AreDecodedIntoFiles()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("inline bytes"));
        var id = await Client.ExecuteAsync(Body("""{"name":"test/echo","inputs":{"img":{"type":"image_url","image_url":{"url":"data:text/plain;base64,PAYLOAD"}}}}""", payload));

        var done = await Client.WaitAsync(id);

        Assert.Equal("inline bytes", done["response"]!["inputs"]![0]!["text"]!.GetValue<string>());

        // The attempt's scratch directory, which held the decoded file, is gone once it ended.
        var scratch = Path.Combine(_server.Services.GetRequiredService<Docket.Blobs.IBlobStore>().TemporaryDirectory, $"exec-{id}-1");
        for (var tries = 0; Directory.Exists(scratch) && tries < 100; tries++)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists(scratch), scratch);
    }

    [Fact]
    public async Task Retries_AppearInTheEventStream()
    {
        var id = await Client.ExecuteAsync(Body("""{"name":"test/fail","config":{"fail_times":1}}"""));
        await Client.WaitAsync(id);

        using var response = await Client.GetAsync($"agent/executions/{id}/events");
        var events = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l[6..])!).ToList();

        Assert.Equal(["pending", "running", "pending", "running", "completed"], events.Select(e => e["status"]!.GetValue<string>()));
        Assert.Equal([0, 1, 1, 2, 2], events.Select(e => e["attempts"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
