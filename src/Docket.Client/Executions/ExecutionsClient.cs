using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Docket.Client;

/// <summary>Executions: get, list, cancel, wait for the end (long-poll) and watch status changes (SSE).</summary>
public sealed class ExecutionsClient
{
    /// <summary>The longest single long-poll the server honours.</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(60);

    private readonly DocketTransport _transport;
    private readonly int _maxReconnects;

    internal ExecutionsClient(DocketTransport transport, int maxReconnects)
    {
        _transport = transport;
        _maxReconnects = maxReconnects;
    }

    /// <summary>One execution.</summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Execution> GetAsync(string executionId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<Execution>($"agent/executions/{Paths.Escape(executionId)}", cancellationToken);

    /// <summary>Executions, newest first.</summary>
    /// <param name="query">Paging and filters; null for the newest ten.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<Execution>> ListAsync(ExecutionQuery? query = null, CancellationToken cancellationToken = default) =>
        await _transport.GetAsync<List<Execution>>((query ?? new ExecutionQuery()).ToPath(), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Cancels a pending or running execution; it ends <c>failed</c> with error code
    /// <c>cancelled</c>. A 409 <see cref="DocketApiException"/> if it already ended.
    /// </summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Execution> CancelAsync(string executionId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(
            new DocketRequest(HttpMethod.Post, $"agent/executions/{Paths.Escape(executionId)}/cancel"),
            DocketJson.Info<Execution>(),
            cancellationToken);

    /// <summary>The step log of a model-driven execution: model turns and tool calls, attempt by attempt.</summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ExecutionStep>> StepsAsync(string executionId, CancellationToken cancellationToken = default) =>
        await _transport.GetAsync<List<ExecutionStep>>($"agent/executions/{Paths.Escape(executionId)}/steps", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Re-runs a completed execution on the server against its recorded model calls (no model is
    /// asked) and reports whether it gives the same response and artifacts.
    /// </summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ReplayReport> ReplayAsync(string executionId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(
            new DocketRequest(HttpMethod.Post, $"agent/executions/{Paths.Escape(executionId)}/replay") { ExtraTime = TimeSpan.FromMinutes(10) },
            DocketJson.Info<ReplayReport>(),
            cancellationToken);

    /// <summary>
    /// Waits until the execution ends, long-polling the server (at most 60 s per request), and
    /// returns it completed.
    /// </summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="timeout">How long to wait in all; <see cref="Timeout.InfiniteTimeSpan"/> to wait for as long as it takes.</param>
    /// <param name="cancellationToken">Stops waiting (the execution goes on).</param>
    /// <exception cref="ExecutionFailedException">It ended failed, cancelled or timed out.</exception>
    /// <exception cref="TimeoutException">It had not ended when <paramref name="timeout"/> passed.</exception>
    public async Task<Execution> WaitAsync(string executionId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must not be negative (except Timeout.InfiniteTimeSpan).");
        }

        var path = $"agent/executions/{Paths.Escape(executionId)}";
        var now = DateTimeOffset.UtcNow;
        var deadline = timeout == Timeout.InfiniteTimeSpan || timeout >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + timeout;
        while (true)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            var poll = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > MaxPoll ? MaxPoll : remaining;
            var call = new DocketRequest(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{path}?wait={poll.TotalSeconds:0.###}")) { ExtraTime = poll };
            var execution = await _transport.SendAsync(call, DocketJson.Info<Execution>(), cancellationToken).ConfigureAwait(false);
            if (execution.Status == ExecutionStatus.Failed)
            {
                throw new ExecutionFailedException(execution);
            }

            if (execution.IsTerminal)
            {
                return execution;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"Execution {executionId} was still {execution.Status} after {timeout}.");
            }
        }
    }

    /// <summary>
    /// The execution's status changes as they happen (from the server's event stream), each with
    /// the execution as it was then, ending after the terminal one. If the stream breaks early it
    /// reconnects and skips the changes already seen.
    /// </summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public async IAsyncEnumerable<Execution> WatchAsync(string executionId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = $"agent/executions/{Paths.Escape(executionId)}/events";
        long lastSeen = 0;
        for (var reconnects = 0; ; reconnects++)
        {
            var response = await _transport.SendAsync(new DocketRequest(HttpMethod.Get, path) { Streamed = true }, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var events = SseParser.Create(stream, (type, data) => type == "status" ? JsonSerializer.Deserialize(data, DocketJson.Info<Execution>()) : null)
                        .EnumerateAsync(cancellationToken)
                        .GetAsyncEnumerator(cancellationToken);
                    await using (events.ConfigureAwait(false))
                    {
                        while (await MoveNextAsync(events, reconnects < _maxReconnects).ConfigureAwait(false))
                        {
                            // The server replays the whole history on every connection; ids count up.
                            var seq = long.TryParse(events.Current.EventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : lastSeen + 1;
                            if (events.Current.Data is not { } execution || seq <= lastSeen)
                            {
                                continue;
                            }

                            lastSeen = seq;
                            yield return execution;
                            if (execution.IsTerminal)
                            {
                                yield break;
                            }
                        }
                    }
                }
            }

            if (reconnects >= _maxReconnects)
            {
                throw new IOException($"The event stream of execution {executionId} ended before the execution did.");
            }
        }
    }

    /// <summary>The next event, or false when the stream ends or (if it may be reopened) breaks.</summary>
    private static async Task<bool> MoveNextAsync(IAsyncEnumerator<SseItem<Execution?>> events, bool mayReconnect)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (mayReconnect && exception is IOException or HttpRequestException)
        {
            return false;
        }
    }
}
