using Docket.Engine;
using Docket.TestHost;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Legacy;

/// <summary>
/// A real server with the test stand-in for <c>document/extract</c> registered, and a short
/// synchronous-generate bound so the bound itself can be tested.
/// </summary>
public sealed class LegacyServerFixture : IAsyncLifetime
{
    public const double SyncWaitSeconds = 2;

    private DocketTestServer? _server;

    public DocketTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync(
        settings => settings.Configuration["Docket:Predictions:SyncWaitSeconds"] = SyncWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        services: services => services.AddSingleton<IAgentHandler, TestExtractAgent>());

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
