using Docket.Tests.Support;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Providers;

/// <summary>Which engine runs an execution: config.provider, the request's model, the default, else the built-in engine.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task PromptOnly_WithNoProviderConfigured_RunsTheBuiltInEngineAndSaysSo()
    {
        await using var docket = await DocketTestServer.StartAsync();

        var id = await docket.Client.ExecuteAsync("""{"model":"vlmrun-orion-1:auto","batch":true,"inputs":{"t":{"type":"text","text":"Hello world"}},"config":{"prompt":"Translate this to French."}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("document/parse", done["name"]!.GetValue<string>());
        Assert.Equal("Hello world", done["response"]!["markdown"]!.GetValue<string>());
        Assert.StartsWith("No model provider is configured, so the built-in engine ran document/parse", done["usage"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routing_FollowsConfigProviderThenModelThenDefault()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("from the alias"), Reply.Content("from config.provider"));
        await using var docket = await ProviderHost.StartAsync(fake);

        var byAlias = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"VLMRUN-ORION-1:AUTO","inputs":{"t":"a"},"config":{"prompt":"p"}}"""));
        var byConfig = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"vlm-1","inputs":{"t":"b"},"config":{"prompt":"p","provider":"fake"}}"""));
        var unknownModel = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"gpt-9","inputs":{"t":"c"},"config":{"prompt":"p"}}"""));
        var builtin = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"fake","inputs":{"t":"d"},"config":{"prompt":"p","provider":"builtin"}}"""));
        var (status, problem) = await docket.Client.PostJsonAsync("agent/execute", """{"inputs":{"t":"e"},"config":{"prompt":"p","provider":"nope"}}""");

        Assert.Equal("""{"text":"from the alias"}""", byAlias["response"]!.ToJsonString());
        Assert.Equal("""{"text":"from config.provider"}""", byConfig["response"]!.ToJsonString());
        Assert.Equal("document/parse", unknownModel["name"]!.GetValue<string>());
        Assert.Contains("request model 'gpt-9'", unknownModel["usage"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("document/parse", builtin["name"]!.GetValue<string>());
        Assert.Equal(400, status);
        Assert.Equal("invalid_config", problem!["code"]!.GetValue<string>());
        Assert.Contains("fake", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Routing_DefaultProvider_RunsPromptsWhateverModelTheRequestNames()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("default"));
        await using var docket = await ProviderHost.StartAsync(fake, settings: new Dictionary<string, string> { ["Docket:Models:Default"] = "fake" });

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"model":"anything","inputs":{"t":"a"},"config":{"prompt":"p"}}"""));
        var named = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""{"name":"document/parse","model":"anything","inputs":{"t":"a"}}"""));

        Assert.Equal("model/fake", done["name"]!.GetValue<string>());
        Assert.Equal("document/parse", named["name"]!.GetValue<string>());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Cache_ReusesAnIdenticalModelExecution_AndTheModelIdIsInTheFingerprint()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("once"), Reply.Content("other model"));
        await using var docket = await ProviderHost.StartAsync(fake);
        const string Request = """{"model":"fake","inputs":{"t":"same"},"config":{"prompt":"p","cache":true}}""";

        var first = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync(Request));
        var second = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync(Request));

        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.Equal(first["response"]!.ToJsonString(), second["response"]!.ToJsonString());
        Assert.Equal(first["fingerprint"]!.GetValue<string>(), second["fingerprint"]!.GetValue<string>());
        Assert.Single(fake.Requests);

        await using var other = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Model"] = "another-model" });
        var third = await other.Client.WaitAsync(await other.Client.ExecuteAsync(Request));
        Assert.NotEqual(first["fingerprint"]!.GetValue<string>(), third["fingerprint"]!.GetValue<string>());
        Assert.Equal("another-model", fake.Requests[1].Body["model"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("BaseUrl", "not a url", "BaseUrl must be an absolute http(s) URL")]
    [InlineData("ApiKeyVariable", "DOCKET_TEST_UNSET_VARIABLE_7F3A", "DOCKET_TEST_UNSET_VARIABLE_7F3A, which is not set")]
    [InlineData("MaxToolSteps", "0", "MaxToolSteps 1 to 100")]
    public async Task StartUp_WithABadProviderSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        await using var fake = await FakeModelServer.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ProviderHost.StartAsync(fake, new Dictionary<string, string> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_WithADefaultThatIsNotConfigured_Fails()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DocketTestServer.StartAsync(host => host.Configuration["Docket:Models:Default"] = "ollama"));

        Assert.Contains("Docket:Models:Default names provider 'ollama'", error.Message, StringComparison.Ordinal);
    }
}
