using Docket.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Client;

/// <summary>One real Docket server per test class, and <see cref="DocketClient"/>s of its default tenant.</summary>
public sealed class ClientServerFixture : IAsyncLifetime
{
    private DocketTestServer? _server;

    public DocketTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public DocketClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await DocketTestServer.StartAsync();
        Client = CreateClient();
    }

    /// <summary>A client of the default tenant; <paramref name="handler"/> lets a test count or inspect requests.</summary>
    public DocketClient CreateClient(HttpMessageHandler? handler = null, DocketClientOptions? options = null)
    {
        options ??= new DocketClientOptions();
        options.BaseUrl = Server.BaseUrl + "/v1";
        options.ApiKey ??= Server.AdminKey;
        return handler is null ? new DocketClient(options) : new DocketClient(options, new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
