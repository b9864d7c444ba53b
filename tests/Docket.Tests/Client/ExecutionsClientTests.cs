using System.Net;
using System.Text.Json.Nodes;
using Docket.Client;

namespace Docket.Tests.Client;

public sealed class ExecutionsClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task Wait_ForASuccessfulExecution_ReturnsItCompleted()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(50));

        var done = await Client.Executions.WaitAsync(pending.Id, Patience);

        Assert.Equal((pending.Id, ExecutionStatus.Completed, 1), (done.Id, done.Status, done.Attempts));
        Assert.True(done.IsTerminal);
        Assert.Null(done.Error);
        Assert.Equal(50, (int?)done.Response!["slept_ms"]);
    }

    [Fact]
    public async Task Wait_ForADeterministicFailure_ThrowsExecutionFailed_WithTheCodeAndMessage()
    {
        var pending = await Client.Agent.ExecuteAsync(new ExecuteRequest
        {
            Name = "test/fail",
            Config = new AgentConfig { Extra = new JsonObject { ["fail_times"] = 1, ["deterministic"] = true } },
        });

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => Client.Executions.WaitAsync(pending.Id, Patience));

        Assert.Equal(("invalid_input", "planned failure on attempt 1"), (error.Code, error.ErrorMessage));
        Assert.Equal((pending.Id, ExecutionStatus.Failed, 1), (error.Execution.Id, error.Execution.Status, error.Execution.Attempts));
        Assert.Contains("invalid_input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_ForACancelledExecution_ThrowsExecutionFailed_WithCodeCancelled()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(30_000));
        await WaitForStatusAsync(pending.Id, ExecutionStatus.Running);

        var cancelled = await Client.Executions.CancelAsync(pending.Id);
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => Client.Executions.WaitAsync(pending.Id, Patience));

        Assert.Equal(ExecutionStatus.Failed, cancelled.Status);
        Assert.Equal("cancelled", error.Code);
    }

    [Fact]
    public async Task Wait_PastItsTimeout_ThrowsTimeout_AndTheExecutionGoesOn()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(30_000));

        var started = DateTimeOffset.UtcNow;
        await Assert.ThrowsAsync<TimeoutException>(() => Client.Executions.WaitAsync(pending.Id, TimeSpan.FromMilliseconds(300)));
        var waited = DateTimeOffset.UtcNow - started;
        var after = await Client.Executions.GetAsync(pending.Id);
        await Client.Executions.CancelAsync(pending.Id);

        Assert.InRange(waited, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.False(after.IsTerminal);
    }

    [Fact]
    public async Task Wait_WithAnInfiniteTimeout_WaitsForTheEnd_AndANegativeOneIsRefused()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(100));

        var done = await Client.Executions.WaitAsync(pending.Id, Timeout.InfiniteTimeSpan);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.Executions.WaitAsync(pending.Id, TimeSpan.FromSeconds(-2)));

        Assert.Equal(ExecutionStatus.Completed, done.Status);
    }

    [Fact]
    public async Task Wait_WhenTheCallerCancels_StopsWaiting()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(30_000));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.Executions.WaitAsync(pending.Id, Patience, stop.Token));
        await Client.Executions.CancelAsync(pending.Id);
    }

    [Fact]
    public async Task Watch_YieldsPendingRunningCompleted_AndEnds()
    {
        var pending = await Client.Agent.ExecuteAsync(Sleep(200));

        var seen = new List<Execution>();
        await foreach (var change in Client.Executions.WatchAsync(pending.Id))
        {
            seen.Add(change);
        }

        Assert.Equal([ExecutionStatus.Pending, ExecutionStatus.Running, ExecutionStatus.Completed], seen.Select(e => e.Status));
        Assert.All(seen, e => Assert.Equal(pending.Id, e.Id));
        Assert.Null(seen[1].Response);
        Assert.Equal(200, (int?)seen[2].Response!["slept_ms"]);
    }

    [Fact]
    public async Task Watch_OfAFailingExecution_EndsWithTheFailedState()
    {
        var pending = await Client.Agent.ExecuteAsync(new ExecuteRequest
        {
            Name = "test/fail",
            Config = new AgentConfig { Extra = new JsonObject { ["fail_times"] = 1, ["deterministic"] = true } },
        });

        var seen = new List<Execution>();
        await foreach (var change in Client.Executions.WatchAsync(pending.Id))
        {
            seen.Add(change);
        }

        Assert.Equal(ExecutionStatus.Failed, seen[^1].Status);
        Assert.Equal("invalid_input", seen[^1].Error!.Code);
        Assert.Equal(ExecutionStatus.Pending, seen[0].Status);
    }

    [Fact]
    public async Task Watch_OfAnUnknownExecution_IsA404ApiException()
    {
        var error = await Assert.ThrowsAsync<DocketApiException>(async () =>
        {
            await foreach (var change in Client.Executions.WatchAsync("no_such_execution"))
            {
                Assert.Fail($"unexpected event {change.Status}");
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task List_FiltersByNameStatusAndTime_NewestFirst()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await Client.Executions.WaitAsync((await Client.Agent.ExecuteAsync("test/noop", null)).Id, Patience);
        var second = await Client.Executions.WaitAsync((await Client.Agent.ExecuteAsync("test/noop", null)).Id, Patience);

        var listed = await Client.Executions.ListAsync(new ExecutionQuery { Name = "test/noop", Status = ExecutionStatus.Completed, CreatedAfter = since, Limit = 1000 });
        var before = await Client.Executions.ListAsync(new ExecutionQuery { Name = "test/noop", CreatedBefore = since });
        var page = await Client.Executions.ListAsync(new ExecutionQuery { Name = "test/noop", Skip = 1, Limit = 1, CreatedAfter = since });
        var newest = await Client.Executions.ListAsync();

        Assert.Equal([second.Id, first.Id], listed.Select(e => e.Id).Where(id => id == first.Id || id == second.Id));
        Assert.All(listed, e => Assert.Equal(("test/noop", ExecutionStatus.Completed), (e.Name, e.Status)));
        Assert.DoesNotContain(before, e => e.Id == first.Id || e.Id == second.Id);
        Assert.Single(page);
        Assert.InRange(newest.Count, 2, 10);
    }

    [Fact]
    public async Task Cancel_OfAFinishedExecution_IsA409ApiException()
    {
        var done = await Client.Executions.WaitAsync((await Client.Agent.ExecuteAsync("test/noop", null)).Id, Patience);

        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Executions.CancelAsync(done.Id));

        Assert.Equal((HttpStatusCode.Conflict, "not_cancellable"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task Get_OfAnUnknownExecution_IsA404ApiException()
    {
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Executions.GetAsync("no_such_execution"));

        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (error.StatusCode, error.Code));
    }

    private static ExecuteRequest Sleep(int milliseconds) =>
        new() { Name = "test/sleep", Config = new AgentConfig { Extra = new JsonObject { ["sleep_ms"] = milliseconds } } };

    /// <summary>Watches until the execution reaches <paramref name="status"/>; the stream is the observable condition.</summary>
    private async Task WaitForStatusAsync(string executionId, string status)
    {
        using var deadline = new CancellationTokenSource(Patience);
        await foreach (var change in Client.Executions.WatchAsync(executionId, deadline.Token))
        {
            if (change.Status == status)
            {
                return;
            }
        }

        Assert.Fail($"execution {executionId} ended without reaching {status}");
    }
}
