using System.Net;
using System.Text.Json.Nodes;
using Docket.Data;
using Docket.Executions;
using Docket.Queue;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Scale;

/// <summary>
/// A submit that finds a free worker slot in its own process and nothing queued stores the
/// execution already claimed for that slot; with work queued it waits its turn. On whichever
/// store the tests run (SQLite, or PostgreSQL when DOCKET_TEST_DATABASE is set).
/// </summary>
public sealed class HandOffTests
{
    private const long Now = 1_800_000_000_000;

    [Fact]
    public async Task EmptyQueue_TheInsertStoresItClaimed_WithPendingThenRunningInItsHistory()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 0);
        var database = server.Services.GetRequiredService<IDocketDatabase>();

        var insert = ExecutionStore.InsertOrStartStatement(Record(Priority.Normal, runAfter: Now), Window("w1"));
        await database.WriteStatementsAsync([insert], CancellationToken.None);

        var row = Assert.Single(insert.Rows);
        Assert.Equal((ExecutionStatus.Running, 1, (long?)(Now + 10_000), "w1", (long?)Now), (row.Status, row.Attempt, row.LockedUntil, row.WorkerId, row.StartedAt));
        var history = await new ExecutionEventStore(database).ListAsync(row.Id, 0, CancellationToken.None);
        Assert.Equal([(ExecutionStatus.Pending, 0), (ExecutionStatus.Running, 1)], history.Select(e => (e.Status, e.Attempt)));
    }

    [Fact]
    public async Task WorkQueued_TheNewExecutionWaitsItsTurn_AndPriorityStillDecides()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 0);
        var database = server.Services.GetRequiredService<IDocketDatabase>();
        var low = Record(Priority.Low, runAfter: Now - 5);
        await database.WriteStatementsAsync([ExecutionStore.InsertStatement(low)], CancellationToken.None);

        var high = ExecutionStore.InsertOrStartStatement(Record(Priority.High, runAfter: Now), Window("w1"));
        await database.WriteStatementsAsync([high], CancellationToken.None);

        var row = Assert.Single(high.Rows);
        Assert.Equal((ExecutionStatus.Pending, 0, (long?)null, (string?)null, (long?)null), (row.Status, row.Attempt, row.LockedUntil, row.WorkerId, row.StartedAt));
        var queue = new ExecutionQueue(database);
        Assert.Equal(row.Id, (await queue.ClaimAsync("w2", Now, Now - 60_000, Now + 10_000, CancellationToken.None))?.Id);
        Assert.Equal(low.Id, (await queue.ClaimAsync("w2", Now, Now - 60_000, Now + 10_000, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task OnlyDelayedRetriesQueued_TheNewExecutionStartsAtOnce()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 0);
        var database = server.Services.GetRequiredService<IDocketDatabase>();
        await database.WriteStatementsAsync([ExecutionStore.InsertStatement(Record(Priority.High, runAfter: Now + 60_000))], CancellationToken.None);

        var insert = ExecutionStore.InsertOrStartStatement(Record(Priority.Low, runAfter: Now), Window("w1"));
        await database.WriteStatementsAsync([insert], CancellationToken.None);

        Assert.Equal(ExecutionStatus.Running, Assert.Single(insert.Rows).Status);
    }

    [Fact]
    public async Task Server_WithASlotFree_RunsTheSubmitAtOnce_AndQueuesWhatFindsTheSlotsBusy()
    {
        await using var server = await DocketTestServer.StartAsync(s => s.Workers = 1);
        var pool = server.Services.GetRequiredService<WorkerPool>();

        // The idle dispatcher holds no slot, so the first submit takes the only one: the answer
        // shows it as accepted, the row is already running in this process.
        var first = await SubmitAsync(server, 1500);
        Assert.Equal("pending", first["status"]!.GetValue<string>());
        Assert.Equal((ExecutionStatus.Running, pool.WorkerId), await StoredAsync(server, first["id"]!.GetValue<string>()));
        Assert.Null(pool.TryReserve());

        // The slot is busy: the next one is queued and runs after the first.
        var second = await SubmitAsync(server, 0);
        var secondId = second["id"]!.GetValue<string>();
        Assert.Equal((ExecutionStatus.Pending, (string?)null), await StoredAsync(server, secondId));
        var done = await server.Client.GetJsonAsync($"agent/executions/{secondId}?wait=30");
        Assert.Equal("completed", done.Body!["status"]!.GetValue<string>());
        var firstDone = await server.Client.GetJsonAsync($"agent/executions/{first["id"]!.GetValue<string>()}");
        Assert.True(
            DateTimeOffset.Parse(firstDone.Body!["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            <= DateTimeOffset.Parse(done.Body!["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        // Idle again (once the worker task has wound up and the dispatcher found nothing): a
        // slot is free, and one given back unused is free again.
        (await FreeSlotAsync(pool)).Dispose();
        (await FreeSlotAsync(pool)).Dispose();
    }

    private static async Task<WorkerSlot> FreeSlotAsync(WorkerPool pool)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            if (pool.TryReserve() is { } slot)
            {
                return slot;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException("No worker slot came free within 5 s.");
    }

    private static async Task<JsonObject> SubmitAsync(DocketTestServer server, int sleepMs)
    {
        var answer = await server.Client.PostJsonAsync("agent/execute", $$$"""{"name":"test/sleep","config":{"sleep_ms":{{{sleepMs}}}}}""");
        Assert.Equal((int)HttpStatusCode.Created, answer.Status);
        return answer.Body!.AsObject();
    }

    private static async Task<(string Status, string? WorkerId)> StoredAsync(DocketTestServer server, string id) =>
        Assert.Single(await server.Services.GetRequiredService<IDocketDatabase>().ReadAsync(
            c => c.ListAsync(null, "SELECT status, worker_id FROM executions WHERE id = @id", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), CancellationToken.None, ("@id", id)),
            CancellationToken.None));

    private static ClaimWindow Window(string workerId) => new(workerId, Now, Now - 60_000, Now + 10_000);

    private static ExecutionRecord Record(Priority priority, long runAfter) => TestExecutions.Pending(priority, Now - 10, runAfter);
}
