using Docket.Tests.Support;

namespace Docket.Tests.Durability;

/// <summary>An API-only server and a separate `docket worker` process sharing one data directory.</summary>
public sealed class SeparateWorkerTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docket-tests", "worker-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task AWorkerProcess_RunsWhatTheApiQueued_AndStopsOnACancelMadeThroughTheApi()
    {
        await using var api = await DocketProcess.StartServeAsync(_data, workers: 0);
        using var client = api.CreateClient();
        var quick = await client.ExecuteAsync("""{"name":"test/noop"}""");
        var slow = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":60000}}""");
        Assert.Equal("pending", (await client.GetJsonAsync($"agent/executions/{quick}")).Body!["status"]!.GetValue<string>());

        await using var worker = await DocketProcess.StartWorkerAsync(_data);

        Assert.Equal("completed", (await client.WaitAsync(quick))["status"]!.GetValue<string>());
        await Eventually.TrueAsync(async () => (await client.GetJsonAsync($"agent/executions/{slow}")).Body!["status"]!.GetValue<string>() == "running");
        var (status, _) = await client.PostJsonAsync($"agent/executions/{slow}/cancel", "{}");
        Assert.Equal(200, status);

        // The worker notices within its cancel check and frees the slot: new work runs at once.
        var after = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":10}}""");
        var other = await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":20}}""");
        Assert.Equal("completed", (await client.WaitAsync(after, seconds: 10))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await client.WaitAsync(other, seconds: 10))["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await client.GetJsonAsync($"agent/executions/{slow}")).Body!["error"]!["code"]!.GetValue<string>());
    }
}
