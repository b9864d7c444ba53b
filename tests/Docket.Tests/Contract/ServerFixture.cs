using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>One real Docket server per test class; tests in a class run one after another, so they may share it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private DocketTestServer? _server;

    public DocketTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
