using Docket.Data;
using Docket.Executions;
using Docket.Queue;
using Docket.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Docket.Tests.Queue;

/// <summary>The claim order, leases and guarded transitions, on a real SQLite file with a fake clock.</summary>
public sealed class QueueTests : IAsyncLifetime
{
    private const long Lease = 10_000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"), "docket.db");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SqliteDatabase _database = null!;
    private ExecutionQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(_path);
        await _database.MigrateAsync(CancellationToken.None);
        _queue = new ExecutionQueue(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [Fact]
    public async Task Claim_TakesHighThenNormalThenLow()
    {
        var low = await EnqueueAsync(Priority.Low);
        var normal = await EnqueueAsync(Priority.Normal);
        var high = await EnqueueAsync(Priority.High);

        Assert.Equal([high, normal, low], await ClaimAllAsync());
    }

    [Fact]
    public async Task Claim_IsFirstInFirstOutWithinAPriority()
    {
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await EnqueueAsync(Priority.Normal));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ids, await ClaimAllAsync());
    }

    [Fact]
    public async Task Claim_AgedLowGoesBeforeYoungerHighs()
    {
        var low = await EnqueueAsync(Priority.Low);
        _time.Advance(TimeSpan.FromSeconds(61));
        var high = await EnqueueAsync(Priority.High);

        // Aging bound 60 s: the low execution has waited 61 s and must not starve behind highs.
        Assert.Equal(low, (await ClaimAsync(agingSeconds: 60))?.Id);
        Assert.Equal(high, (await ClaimAsync(agingSeconds: 60))?.Id);
    }

    [Fact]
    public async Task Claim_BeforeTheAgingBound_KeepsStrictPriority()
    {
        var low = await EnqueueAsync(Priority.Low);
        _time.Advance(TimeSpan.FromSeconds(30));
        var high = await EnqueueAsync(Priority.High);

        Assert.Equal(high, (await ClaimAsync(agingSeconds: 60))?.Id);
        Assert.Equal(low, (await ClaimAsync(agingSeconds: 60))?.Id);
    }

    [Fact]
    public async Task Claim_SkipsARetryThatIsNotDueYet()
    {
        var first = await EnqueueAsync(Priority.High);
        var claimed = await ClaimAsync();
        Assert.True(await _queue.RetryAsync(first, claimed!.Attempt, Now() + 5_000, "tool_error", "try later", CancellationToken.None));
        var second = await EnqueueAsync(Priority.Low);

        Assert.Equal(second, (await ClaimAsync())?.Id);
        Assert.Null(await ClaimAsync());
        _time.Advance(TimeSpan.FromSeconds(6));
        var again = await ClaimAsync();
        Assert.Equal(first, again?.Id);
        Assert.Equal(2, again!.Attempt);
    }

    [Fact]
    public async Task ExpiredLease_IsReclaimed_AndTheStaleAttemptCannotComplete()
    {
        var id = await EnqueueAsync(Priority.Normal);
        var first = await ClaimAsync();
        Assert.Equal(1, first!.Attempt);

        _time.Advance(TimeSpan.FromMilliseconds(Lease + 1));
        Assert.Equal([id], await _queue.ExpireLeasesAsync(Now(), CancellationToken.None));
        var second = await ClaimAsync();
        Assert.Equal(2, second!.Attempt);

        // The first worker wakes up late: none of its writes may land.
        Assert.False(await _queue.RenewLeaseAsync(id, 1, Now() + Lease, CancellationToken.None));
        Assert.False(await _queue.CompleteAsync(id, 1, "{\"late\":true}", "{}", null, [], Now(), CancellationToken.None));
        Assert.False(await _queue.FailAsync(id, 1, "internal", "late", null, Now(), CancellationToken.None));

        Assert.True(await _queue.CompleteAsync(id, 2, "{\"ok\":true}", "{}", null, [], Now(), CancellationToken.None));
        Assert.False(await _queue.CompleteAsync(id, 2, "{\"twice\":true}", "{}", null, [], Now(), CancellationToken.None));
        var row = await GetAsync(id);
        Assert.Equal(ExecutionStatus.Completed, row.Status);
        Assert.Equal("{\"ok\":true}", row.Response);
    }

    [Fact]
    public async Task ExpiredLease_WithNoAttemptsLeft_Fails()
    {
        var id = await EnqueueAsync(Priority.Normal, maxAttempts: 1);
        await ClaimAsync();
        _time.Advance(TimeSpan.FromMilliseconds(Lease + 1));

        await _queue.ExpireLeasesAsync(Now(), CancellationToken.None);

        var row = await GetAsync(id);
        Assert.Equal(ExecutionStatus.Failed, row.Status);
        Assert.Equal("internal", row.ErrorCode);
        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task Cancel_OfARunningExecution_DefeatsItsCompletion()
    {
        var id = await EnqueueAsync(Priority.Normal);
        var claimed = await ClaimAsync();

        Assert.True(await new ExecutionStore(_database).CancelAsync("t1", id, Now(), CancellationToken.None));
        Assert.False(await _queue.CompleteAsync(id, claimed!.Attempt, "{}", "{}", null, [], Now(), CancellationToken.None));
        Assert.False(await _queue.IsOwnedAsync(id, claimed.Attempt, CancellationToken.None));
        Assert.Equal("cancelled", (await GetAsync(id)).ErrorCode);
    }

    [Fact]
    public async Task Release_OnShutdown_DoesNotSpendTheAttempt()
    {
        var id = await EnqueueAsync(Priority.Normal);
        var claimed = await ClaimAsync();

        Assert.True(await _queue.ReleaseAsync(id, claimed!.Attempt, Now(), CancellationToken.None));

        Assert.Equal(1, (await ClaimAsync())!.Attempt);
    }

    [Fact]
    public async Task ConcurrentClaims_NeverTakeTheSameExecutionTwice()
    {
        for (var i = 0; i < 200; i++)
        {
            await EnqueueAsync((Priority)(i % 3));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await ClaimAsync() is { } e)
            {
                mine.Add(e.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<ExecutionRecord?> ClaimAsync(double agingSeconds = 3600) =>
        _queue.ClaimAsync("test-worker", Now(), Now() - (long)(agingSeconds * 1000), Now() + Lease, CancellationToken.None);

    private async Task<List<string>> ClaimAllAsync()
    {
        var ids = new List<string>();
        while (await ClaimAsync() is { } e)
        {
            ids.Add(e.Id);
        }

        return ids;
    }

    private async Task<ExecutionRecord> GetAsync(string id) =>
        (await new ExecutionStore(_database).GetAsync("t1", id, CancellationToken.None))!;

    private async Task<string> EnqueueAsync(Priority priority, int maxAttempts = 3)
    {
        var record = TestExecutions.Pending(priority, Now(), Now(), maxAttempts);
        await _database.WriteStatementsAsync([ExecutionStore.InsertStatement(record)], CancellationToken.None);
        return record.Id;
    }
}
