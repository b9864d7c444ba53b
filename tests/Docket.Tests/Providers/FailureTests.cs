using Docket.Tests.Support;

namespace Docket.Tests.Providers;

/// <summary>Provider failures: what is tried again (timeouts, 429, 5xx), what fails at once (4xx), and what the client sees.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task Provider429ThenAnswer_IsRetriedWithinTheAttempt_AndBothCallsAreRecorded()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Status(429, """{"error":{"message":"slow down"}}""", retryAfter: "0"), Reply.Content("fine"));
        await using var docket = await ProviderHost.StartAsync(fake);

        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p"}}""");
        var done = await docket.Client.WaitAsync(id);
        var (_, calls) = await docket.Client.GetJsonAsync($"agent/executions/{id}/calls");

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(fake.Requests[0].Body.ToJsonString(), fake.Requests[1].Body.ToJsonString());
        Assert.Equal([429, 200], calls!.AsArray().Select(c => c!["status_code"]!.GetValue<int>()));
        Assert.Equal("slow down", calls[0]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Provider5xxEveryTime_IsTransient_TheQueueRetriesThenFailsWithTheProvidersMessage()
    {
        await using var fake = await FakeModelServer.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            fake.Then(Reply.Status(503, """{"error":{"message":"model is loading"}}"""));
        }

        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Retries"] = "1" });

        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p","max_attempts":2}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("model_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
        var message = done["error"]!["message"]!.GetValue<string>();
        Assert.Contains("answered 503: model is loading", message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", message, StringComparison.Ordinal);
        Assert.Equal(4, fake.Requests.Count);
    }

    [Fact]
    public async Task Provider4xx_FailsAtOnceWithModelErrorAndTheProvidersMessage()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Status(400, """{"object":"error","message":"This model's maximum context length is 4096 tokens","code":400}"""));
        await using var docket = await ProviderHost.StartAsync(fake);

        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p","max_attempts":3}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("model_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal("Provider 'fake' refused the request (400): This model's maximum context length is 4096 tokens", done["error"]!["message"]!.GetValue<string>());
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ProviderThatDoesNotAnswerInTime_IsTriedAgain()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Hang(), Reply.Content("late but fine"));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["TimeoutSeconds"] = "0.5" });

        var id = await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p"}}""");
        var done = await docket.Client.WaitAsync(id);
        var (_, calls) = await docket.Client.GetJsonAsync($"agent/executions/{id}/calls");

        Assert.Equal("""{"text":"late but fine"}""", done["response"]!.ToJsonString());
        Assert.Contains("did not answer within 0.5 s", calls![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderThatIsNotRunning_IsATransientModelError()
    {
        await using var docket = await DocketTestServer.StartAsync(host =>
        {
            host.Configuration["Docket:Providers:down:BaseUrl"] = $"http://127.0.0.1:{ClosedPort.Find()}/v1";
            host.Configuration["Docket:Providers:down:Model"] = "m";
            host.Configuration["Docket:Providers:down:Retries"] = "0";
        });

        var id = await docket.Client.ExecuteAsync("""{"model":"down","inputs":{"t":"x"},"config":{"prompt":"p","max_attempts":2}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("model_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("could not be reached", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnswerThatIsNotAChatCompletion_FailsWithModelError()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Status(200, """{"hello":"world"}"""));
        await using var docket = await ProviderHost.StartAsync(fake);

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"p"}}"""));

        Assert.Equal("model_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("not a chat completion", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
