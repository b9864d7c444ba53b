using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Docket.Data;

/// <summary>
/// Keeps the queue's indexes short. Every claim, completion and retry leaves a dead row version
/// behind, and the queue index keeps pointing at the dead versions of claimed executions at its
/// front, where every claim starts reading, until VACUUM removes them. Autovacuum looks at each
/// database about once a minute, while a busy queue leaves thousands of dead versions a second:
/// claims then walk ever longer runs of them. This service checks the executions table every
/// second and vacuums it once dead versions are both numerous and a tenth of the live rows, which
/// keeps the cost of vacuuming proportional to the churn. Nodes check independently; a vacuum
/// already running elsewhere is skipped, not waited for.
/// </summary>
public sealed partial class PostgresQueueVacuum(PostgresDatabase database, TimeProvider time, ILogger<PostgresQueueVacuum> logger) : BackgroundService
{
    /// <summary>Dead versions below which a vacuum is never worth it.</summary>
    public const long MinDeadRows = 2_000;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (await VacuumIfDueAsync(stoppingToken).ConfigureAwait(false) is null)
                    {
                        // Owned by another role, VACUUM would only warn and skip the table:
                        // autovacuum alone keeps it.
                        LogNotOwner();
                        return;
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
                {
                    LogVacuumFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Vacuums the executions table when enough dead versions piled up: true when it did, false
    /// when not yet due, null when this role may not vacuum it.
    /// </summary>
    public async Task<bool?> VacuumIfDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long dead, live;
        await using (var stats = new NpgsqlCommand(
            """
            SELECT s.n_dead_tup, s.n_live_tup, pg_has_role(c.relowner, 'USAGE')
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.relid = 'executions'::regclass
            """,
            connection))
        await using (var reader = await stats.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (!reader.GetBoolean(2))
            {
                return null;
            }

            (dead, live) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (dead < MinDeadRows || dead * 10 < live)
        {
            return false;
        }

        await using var vacuum = new NpgsqlCommand("VACUUM (SKIP_LOCKED) executions", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This database role does not own the executions table: Docket leaves vacuuming it to autovacuum")]
    private partial void LogNotOwner();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vacuuming the executions table failed; retrying in a second")]
    private partial void LogVacuumFailed(Exception exception);
}
