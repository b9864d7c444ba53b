using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>What the client commands exit with: 1 API error, 2 usage error, 3 unreachable server.</summary>
public sealed class ExitCodeTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private DocketTestServer Server => fixture.Server;

    [Theory]
    [InlineData("execute", "test/noop", "--wiat")]
    [InlineData("execute", "test/noop", "--priority", "urgent")]
    [InlineData("execute", "test/noop", "--timeout", "-3")]
    [InlineData("execute", "test/noop", "-i", "no-equals-sign")]
    [InlineData("execute", "test/noop", "-i", "doc=missing/invoice.pdf")]
    [InlineData("execute", "test/noop", "--config", "{not json")]
    [InlineData("execute")]
    [InlineData("files", "get")]
    [InlineData("files", "upload", "no-such-file.pdf")]
    [InlineData("executions", "list", "--status", "sleeping")]
    [InlineData("artifacts", "get", "some-execution", "img_000000")]
    [InlineData("nonsense")]
    public async Task AUsageError_Exits2_WithAMessageOnStderr_AndNothingOnStdout(params string[] args)
    {
        var result = await Server.DocketAsync(args);

        Assert.True(result.Code == 2, result.ToString());
        Assert.NotEmpty(result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task ANonHttpUrl_IsAUsageError()
    {
        var result = await CliProcess.DocketAsync("files", "list", "--url", "ftp://example.com", "--api-key", "dk_anything");

        Assert.Equal(2, result.Code);
        Assert.Contains("'ftp://example.com' is not an http(s) URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServer_Exits3()
    {
        var url = $"http://127.0.0.1:{ClosedPort.Find()}";

        var result = await CliProcess.DocketAsync("files", "list", "--url", url, "--api-key", "dk_anything");

        Assert.True(result.Code == 3, result.ToString());
        Assert.Contains($"cannot reach Docket at {url}", result.Error, StringComparison.Ordinal);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task AnApiError_Exits1_WithTheServersDetail()
    {
        var result = await Server.DocketAsync("executions", "get", "no-such-execution", "--json");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains("404 not_found: Execution 'no-such-execution' not found.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task AWrongKey_Exits1_AndSaysWhereKeysComeFrom()
    {
        var result = await CliProcess.DocketAsync("files", "list", "--url", Server.BaseUrl, "--api-key", "dk_wrong");

        Assert.Equal(1, result.Code);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key", result.Error, StringComparison.Ordinal);
    }
}
