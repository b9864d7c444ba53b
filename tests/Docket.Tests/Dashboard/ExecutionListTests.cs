using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Dashboard;

/// <summary>The executions listing as the dashboard pages it: newest first, filters, and the starting_after cursor.</summary>
public sealed class ExecutionListTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<string>> IdsAsync(string query)
    {
        var (status, body) = await Client.GetJsonAsync($"agent/executions?{query}");
        Assert.True(status == 200, $"list answered {status}: {body?.ToJsonString()}");
        return [.. body!.AsArray().Select(e => e!["id"]!.GetValue<string>())];
    }

    [Fact]
    public async Task StartingAfter_WalksEveryPage_NewestFirst_WithoutGapsOrRepeats()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await Client.ExecuteAsync("""{"name":"test/noop"}"""));
        }

        var seen = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await IdsAsync(cursor is null ? "limit=3&name=test/noop" : $"limit=3&name=test/noop&starting_after={cursor}");
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page);
            cursor = page[^1];
        }

        created.Reverse();
        Assert.Equal(created, seen);
        Assert.Equal(created.Skip(3).Take(3), await IdsAsync("limit=3&skip=3&name=test/noop"));
    }

    [Fact]
    public async Task Filters_CombineWithTheCursor()
    {
        var failed = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await Client.WaitAsync(await Client.ExecuteAsync("""{"name":"test/noop"}"""));
            failed.Add(await Client.ExecuteAsync("""{"name":"test/fail","config":{"fail_times":5,"deterministic":true}}"""));
        }

        foreach (var id in failed)
        {
            Assert.Equal("failed", (await Client.WaitAsync(id))["status"]!.GetValue<string>());
        }

        failed.Reverse();
        var first = await IdsAsync("status=failed&limit=2");
        Assert.Equal(failed.Take(2), first);
        Assert.Equal(failed.Skip(2), await IdsAsync($"status=failed&limit=5&starting_after={first[^1]}"));
        Assert.Empty(await IdsAsync($"status=failed&name=test/noop&starting_after={first[^1]}"));

        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var future = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(8, (await IdsAsync($"created_after={Uri.EscapeDataString(since)}&created_before={Uri.EscapeDataString(future)}&limit=100")).Count);
        Assert.Empty(await IdsAsync($"created_after={Uri.EscapeDataString(future)}"));
    }

    [Fact]
    public async Task Name_MatchesEveryVersion_OrOneExactly()
    {
        foreach (var prompt in new[] { "first", "second" })
        {
            var (status, _) = await Client.PostJsonAsync("agent/create", $$$"""{"name":"summarizer","config":{"prompt":"{{{prompt}}}"}}""");
            Assert.Equal(200, status);
        }

        var v1 = await Client.ExecuteAsync("""{"name":"summarizer:v1","inputs":{"t":"hello"}}""");
        var v2 = await Client.ExecuteAsync("""{"name":"summarizer:v2","inputs":{"t":"hello"}}""");
        await Client.ExecuteAsync("""{"name":"test/noop"}""");

        Assert.Equal([v2, v1], await IdsAsync("name=summarizer"));
        Assert.Equal([v1], await IdsAsync("name=summarizer:v1"));
        Assert.Equal([v2], await IdsAsync("name=summarizer&limit=1"));
        Assert.Equal([v1], await IdsAsync($"name=summarizer&starting_after={v2}"));
        Assert.Empty(await IdsAsync("name=summarize"));
    }

    [Fact]
    public async Task Name_OfAnAgentWithManyVersions_StillMatchesEveryVersion()
    {
        var ids = new List<string>();
        for (var i = 1; i <= 18; i++)
        {
            var (status, _) = await Client.PostJsonAsync("agent/create", $$$"""{"name":"prolific","config":{"prompt":"version {{{i}}}"}}""");
            Assert.Equal(200, status);
        }

        foreach (var version in new[] { "v1", "v9", "v18" })
        {
            ids.Add(await Client.ExecuteAsync($$$"""{"name":"prolific:{{{version}}}","inputs":{"t":"hello"}}"""));
        }

        ids.Reverse();
        Assert.Equal(ids, await IdsAsync("name=prolific"));
        Assert.Equal(ids.Skip(1), await IdsAsync($"name=prolific&starting_after={ids[0]}"));
    }

    [Fact]
    public async Task StartingAfter_AnUnknownOrForeignExecution_IsABadRequest()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        var other = await _server.CreateTenantClientAsync("list-other");

        var (status, body) = await other.GetJsonAsync($"agent/executions?starting_after={id}");
        Assert.Equal(400, status);
        Assert.Contains("starting_after", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, (await Client.GetJsonAsync("agent/executions?starting_after=exe_nope")).Status);
        Assert.Equal(400, (await Client.GetJsonAsync("agent/executions?starting_after=bad%20id")).Status);
        Assert.IsType<JsonArray>((await Client.GetJsonAsync($"agent/executions?starting_after={id}")).Body);
    }
}
