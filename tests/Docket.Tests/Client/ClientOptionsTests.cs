using Docket.Client;

namespace Docket.Tests.Client;

public sealed class ClientOptionsTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("http://127.0.0.1:8420/v1", "http://127.0.0.1:8420/v1/")]
    [InlineData("http://127.0.0.1:8420/v1/", "http://127.0.0.1:8420/v1/")]
    [InlineData("http://127.0.0.1:8420", "http://127.0.0.1:8420/v1/")]
    [InlineData("http://127.0.0.1:8420/", "http://127.0.0.1:8420/v1/")]
    [InlineData("https://docket.example.com/api/v1", "https://docket.example.com/api/v1/")]
    [InlineData("https://docket.example.com/api", "https://docket.example.com/api/v1/")]
    public void BaseUrl_WithOrWithoutV1_ResolvesToTheV1Root(string given, string expected)
    {
        var (baseAddress, _) = new DocketClientOptions { BaseUrl = given }.Resolve(NoEnvironment);

        Assert.Equal(expected, baseAddress.AbsoluteUri);
    }

    [Fact]
    public void UnsetOptions_ComeFromDocketVariables_BeforeVlmRunOnes()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOCKET_URL"] = "http://docket.local:9000",
            ["DOCKET_API_KEY"] = "dk_docket",
            ["VLMRUN_BASE_URL"] = "http://vlmrun.local/v1",
            ["VLMRUN_API_KEY"] = "vlm_key",
        };

        var (baseAddress, key) = new DocketClientOptions().Resolve(environment.GetValueOrDefault);

        Assert.Equal("http://docket.local:9000/v1/", baseAddress.AbsoluteUri);
        Assert.Equal("dk_docket", key);
    }

    [Fact]
    public void WithoutDocketVariables_VlmRunVariablesAreTheFallback()
    {
        var environment = new Dictionary<string, string> { ["VLMRUN_BASE_URL"] = "http://vlmrun.local/v1", ["VLMRUN_API_KEY"] = "vlm_key" };

        var (baseAddress, key) = new DocketClientOptions().Resolve(environment.GetValueOrDefault);

        Assert.Equal("http://vlmrun.local/v1/", baseAddress.AbsoluteUri);
        Assert.Equal("vlm_key", key);
    }

    [Fact]
    public void ExplicitOptions_WinOverTheEnvironment_AndNothingSetMeansTheLocalDefault()
    {
        var environment = new Dictionary<string, string> { ["DOCKET_URL"] = "http://docket.local", ["DOCKET_API_KEY"] = "dk_env" };

        var (explicitAddress, explicitKey) = new DocketClientOptions { BaseUrl = "http://mine:1/v1", ApiKey = "dk_mine" }.Resolve(environment.GetValueOrDefault);
        var (defaultAddress, defaultKey) = new DocketClientOptions().Resolve(NoEnvironment);

        Assert.Equal(("http://mine:1/v1/", "dk_mine"), (explicitAddress.AbsoluteUri, explicitKey));
        Assert.Equal(("http://127.0.0.1:8420/v1/", null), (defaultAddress.AbsoluteUri, defaultKey));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://host/v1")]
    public void BaseUrl_ThatIsNotHttp_IsRefusedAtConstruction(string url)
    {
        Assert.Throws<ArgumentException>(() => new DocketClient(new DocketClientOptions { BaseUrl = url }));
    }

    [Fact]
    public void NegativeRetries_AreRefusedAtConstruction()
    {
        Assert.Throws<InvalidOperationException>(() => new DocketClient(new DocketClientOptions { BaseUrl = "http://127.0.0.1:1", MaxRetries = -1 }));
    }

    [Fact]
    public async Task Health_WithABaseUrlWithoutV1_ReachesTheServer()
    {
        using var client = new DocketClient(new DocketClientOptions { BaseUrl = fixture.Server.BaseUrl });

        var health = await client.HealthAsync();

        Assert.Equal("ok", health.Status);
        Assert.False(string.IsNullOrEmpty(health.Version));
        Assert.Equal(fixture.Server.BaseUrl + "/v1/", client.BaseUrl.AbsoluteUri);
    }

    [Fact]
    public async Task AWrongApiKey_IsA401ApiException_WithTheServersCodeAndDetail()
    {
        using var client = fixture.CreateClient(options: new DocketClientOptions { ApiKey = "dk_wrong" });

        var error = await Assert.ThrowsAsync<DocketApiException>(() => client.Files.ListAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("unauthorized", error.Code);
        Assert.Equal("Invalid or revoked API key.", error.Detail);
        Assert.Contains("\"detail\"", error.Body, StringComparison.Ordinal);
    }
}
