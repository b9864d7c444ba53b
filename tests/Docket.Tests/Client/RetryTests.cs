using System.Globalization;
using System.Net;
using Docket.Client;
using Microsoft.AspNetCore.Http;

namespace Docket.Tests.Client;

/// <summary>Retries, backoff and timeouts against a scripted Kestrel server that misbehaves on demand.</summary>
public sealed class RetryTests
{
    private const string ExecutionJson = """{"id":"exec_1","name":"test/noop","created_at":"2025-01-01T00:00:00.000Z","completed_at":null,"response":null,"status":"pending","usage":{"elements_processed":0,"element_type":null,"credits_used":0,"steps":0,"duration_seconds":0,"message":null}}""";

    private const string HealthJson = """{"status":"ok","version":"test"}""";

    private const string Unavailable = """{"detail":"Try again later.","type":"https://docket.dev/problems/unavailable","title":"Service Unavailable","status":503,"code":"unavailable"}""";

    [Fact]
    public async Task A429WithRetryAfterSeconds_IsRetried_AfterThatManySeconds()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return ScriptedServer.JsonAsync(context, 429, """{"detail":"Slow down.","code":"rate_limited"}""");
            }

            return ScriptedServer.JsonAsync(context, 200, HealthJson);
        });
        using var client = Client(server);

        var health = await client.HealthAsync();

        Assert.Equal("ok", health.Status);
        var received = server.Received;
        Assert.Equal(2, received.Count);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {received[1].At - received[0].At}");
    }

    [Fact]
    public async Task A429WithRetryAfterDate_IsRetried_NotBeforeThatDate()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
                return ScriptedServer.JsonAsync(context, 429, """{"detail":"Slow down."}""");
            }

            return ScriptedServer.JsonAsync(context, 200, HealthJson);
        });
        using var client = Client(server);

        await client.HealthAsync();

        var received = server.Received;
        Assert.Equal(2, received.Count);
        // An HTTP date has whole seconds, so "two seconds from now" is between one and two.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {received[1].At - received[0].At}");
    }

    [Fact]
    public async Task Execute_AnsweredWith503Twice_IsRetried_WithTheSameIdempotencyKey()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) =>
            n <= 2 ? ScriptedServer.JsonAsync(context, 503, Unavailable) : ScriptedServer.JsonAsync(context, 201, ExecutionJson));
        using var client = Client(server);

        var execution = await client.Agent.ExecuteAsync("test/noop", null);

        Assert.Equal(("exec_1", ExecutionStatus.Pending), (execution.Id, execution.Status));
        var keys = server.Received.Select(r => r.Headers["Idempotency-Key"]).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.All(server.Received, r => Assert.Equal("POST /v1/agent/execute", $"{r.Method} {r.PathAndQuery}"));
        Assert.All(server.Received, r => Assert.Equal("Bearer dk_test", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task FeedbackSubmit_AnsweredWith503_IsNotRetried_ButA429Is()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) => n switch
        {
            1 => ScriptedServer.JsonAsync(context, 503, Unavailable),
            2 => ScriptedServer.JsonAsync(context, 429, """{"detail":"Slow down."}"""),
            _ => ScriptedServer.JsonAsync(context, 200, """{"id":"fb_1","request_id":"exec_1","agent_execution_id":"exec_1","created_at":"2025-01-01T00:00:00.000Z"}"""),
        });
        using var client = Client(server);
        var feedback = new FeedbackSubmission { AgentExecutionId = "exec_1", Notes = "n" };

        var error = await Assert.ThrowsAsync<DocketApiException>(() => client.Feedback.SubmitAsync(feedback));
        var receipt = await client.Feedback.SubmitAsync(feedback);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable"), (error.StatusCode, error.Code));
        Assert.Equal("fb_1", receipt.Id);
        Assert.Equal(3, server.Received.Count);
    }

    [Fact]
    public async Task Persistent5xx_AfterMaxRetries_IsOneApiException_WithTheProblem()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => ScriptedServer.JsonAsync(context, 503, Unavailable));
        using var client = Client(server, maxRetries: 2);

        var error = await Assert.ThrowsAsync<DocketApiException>(() => client.Executions.GetAsync("exec_1"));

        Assert.Equal(3, server.Received.Count);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable", "Try again later.", Unavailable), (error.StatusCode, error.Code, error.Detail, error.Body));
    }

    [Fact]
    public async Task A4xx_IsNeverRetried()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => ScriptedServer.JsonAsync(context, 400, """{"detail":"Bad.","code":"invalid_request"}"""));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<DocketApiException>(() => client.Files.GetAsync("file_1"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request", "Bad."), (error.StatusCode, error.Code, error.Detail));
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task ADroppedConnection_IsRetried()
    {
        await using var server = await ScriptedServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return ScriptedServer.JsonAsync(context, 200, HealthJson);
        });
        using var client = Client(server);

        var health = await client.HealthAsync();

        Assert.Equal("ok", health.Status);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task AnAttemptPastTheTimeout_IsRetried_AndWithoutRetriesIsATimeoutException()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, n) =>
        {
            if (n % 2 == 1)
            {
                await StallUntilAbortedAsync(context);
                return;
            }

            await ScriptedServer.JsonAsync(context, 200, HealthJson);
        });
        using var retrying = Client(server, timeout: TimeSpan.FromMilliseconds(300));
        using var once = Client(server, maxRetries: 0, timeout: TimeSpan.FromMilliseconds(300));

        var health = await retrying.HealthAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => once.HealthAsync());

        Assert.Equal("ok", health.Status);
        Assert.Equal(3, server.Received.Count);
    }

    [Fact]
    public async Task AnUpload_AnsweredWith503_IsSentAgainInFull()
    {
        var bodies = new List<long>();
        await using var server = await ScriptedServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                await ScriptedServer.JsonAsync(context, 404, """{"detail":"No file with this MD5.","code":"not_found"}""");
                return;
            }

            long length = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            bodies.Add(length);
            await (n == 2
                ? ScriptedServer.JsonAsync(context, 503, Unavailable)
                : ScriptedServer.JsonAsync(context, 201, """{"id":"file_1","filename":"data.bin","bytes":100000,"purpose":"assistants","created_at":"2025-01-01T00:00:00.000Z","object":"file","public_url":null}"""));
        });
        using var client = Client(server);
        using var content = new MemoryStream(new byte[100_000]);

        var file = await client.Files.UploadAsync(content, "data.bin");

        Assert.Equal("file_1", file.Id);
        Assert.Equal(["GET", "POST", "POST"], server.Received.Select(r => r.Method));
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.True(bodies[0] > 100_000);
    }

    private static DocketClient Client(ScriptedServer server, int maxRetries = 5, TimeSpan? timeout = null) =>
        new(new DocketClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "dk_test",
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        });

    private static async Task StallUntilAbortedAsync(HttpContext context)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (context.RequestAborted.Register(() => aborted.TrySetResult()))
        {
            await aborted.Task;
        }
    }
}
