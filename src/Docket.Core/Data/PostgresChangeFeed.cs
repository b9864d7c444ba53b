using Docket.Executions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Docket.Data;

/// <summary>
/// Brings other nodes' changes into this process: one connection LISTENs on the executions
/// channel that the event triggers NOTIFY, and every change wakes this process's long-polls, SSE
/// streams and idle workers as if it had happened here. A change to <c>failed</c> also stops
/// the execution if this process runs it (a cancel through another node). While the connection is
/// down the waiters' periodic polls carry on, and after a reconnect everything is woken once so
/// that nothing missed meanwhile waits for the next poll.
/// </summary>
public sealed partial class PostgresChangeFeed(PostgresDatabase database, ExecutionSignals signals, ILogger<PostgresChangeFeed> logger) : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place.</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Its own connection outside the pool: it stays in LISTEN for the process's life.
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => OnChange(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDialect.ChangeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                _listening.TrySetResult();
                signals.NotifyQueued();
                delay = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                LogListenFailed(exception, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private void OnChange(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return;
        }

        var id = payload[..space];
        var status = payload[(space + 1)..];
        if (status == ExecutionStatus.Pending)
        {
            signals.NotifyQueued();
        }
        else if (status == ExecutionStatus.Failed)
        {
            signals.Cancel(id);
        }

        signals.NotifyChanged(id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for changes on PostgreSQL failed; retrying in {Seconds} s (waiters poll meanwhile)")]
    private partial void LogListenFailed(Exception exception, double seconds);
}
