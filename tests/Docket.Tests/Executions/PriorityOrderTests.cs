using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Executions;

/// <summary>Priority and FIFO order as a user sees it: one worker, a queue built up behind a busy slot.</summary>
public sealed class PriorityOrderTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync(s => s.Workers = 1);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task QueuedExecutions_StartHighFirst_ThenFifoWithinPriority()
    {
        var client = _server.Client;
        var blocker = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":1500}}""");
        await Eventually.TrueAsync(async () => (await client.GetJsonAsync($"agent/executions/{blocker}")).Body!["status"]!.GetValue<string>() == "running");

        // Each queued execution sleeps 20 ms, so on one worker their start times are strictly ordered.
        var low1 = await client.ExecuteAsync("""{"name":"test/sleep","priority":"low","config":{"sleep_ms":20}}""");
        var normal1 = await client.ExecuteAsync("""{"name":"test/sleep","service_tier":"standard","config":{"sleep_ms":20}}""");
        var high1 = await client.ExecuteAsync("""{"name":"test/sleep","service_tier":"priority","config":{"sleep_ms":20}}""");
        var low2 = await client.ExecuteAsync("""{"name":"test/sleep","service_tier":"flex","config":{"sleep_ms":20}}""");
        var high2 = await client.ExecuteAsync("""{"name":"test/sleep","priority":"high","config":{"sleep_ms":20}}""");
        var normal2 = await client.ExecuteAsync("""{"name":"test/sleep","priority":"normal","config":{"sleep_ms":20}}""");

        var order = new List<(string Id, string StartedAt)>();
        foreach (var id in new[] { low1, normal1, high1, low2, high2, normal2 })
        {
            var done = await client.WaitAsync(id);
            order.Add((id, done["started_at"]!.GetValue<string>()));
            Assert.Equal(id == low1 || id == low2 ? "low" : id == high1 || id == high2 ? "high" : "normal", done["priority"]!.GetValue<string>());
        }

        var started = order.OrderBy(o => DateTimeOffset.Parse(o.StartedAt, System.Globalization.CultureInfo.InvariantCulture)).Select(o => o.Id).ToList();
        Assert.Equal([high1, high2, normal1, normal2, low1, low2], started);
    }
}
