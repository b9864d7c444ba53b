using System.Net;
using Docket.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Client;

/// <summary>Against a server with a 1000-byte upload limit.</summary>
public sealed class UploadLimitClientTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await DocketTestServer.StartAsync(settings => settings.Configuration["Docket:Files:MaxUploadBytes"] = "1000");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Upload_OverTheServersLimit_IsOne413ApiException_RefusedBeforeTheBodyIsSent()
    {
        // The client waits for the server's interim answer before sending the body; on a busy
        // machine the refusal can take longer than HttpClient's default one-second wait, so this
        // test waits longer: what it checks is that the server refuses from the headers alone.
        var recorder = new RecordingHandler(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) });
        using var client = new DocketClient(new DocketClientOptions { BaseUrl = _server.BaseUrl, ApiKey = _server.AdminKey }, new HttpClient(recorder));
        var progress = new List<long>();
        using var content = new MemoryStream(new byte[4 << 20]);

        var error = await Assert.ThrowsAsync<DocketApiException>(() => client.Files.UploadAsync(content, "big.bin", new FileUploadOptions { ReuseExisting = false, Progress = new SynchronousProgress(progress.Add) }));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "too_large"), (error.StatusCode, error.Code));
        Assert.Equal(["POST /v1/files?purpose=assistants"], recorder.Requests);
        Assert.Empty(progress);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
