using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace Docket.Bench.Hangfire;

/// <summary>
/// The reference point for Docket's throughput benchmark: Hangfire 1.8 on Hangfire.PostgreSql,
/// enqueuing and processing the same number of no-op jobs on the same PostgreSQL server, with as
/// many enqueuing clients and workers as Docket's run. Client and server share this process (the
/// usual Hangfire set-up); Docket's clients go over HTTP to a server in another process.
/// </summary>
internal static class Program
{
    private static int s_done;

    private static async Task<int> Main(string[] args)
    {
        var options = Options(args);
        if (!options.TryGetValue("database", out var adminUrl))
        {
            Console.Error.WriteLine("docket-bench-hangfire --database postgres://user@host:port/db [--jobs 10000] [--clients 8] [--warmup 500] [--workers 4]");
            return 2;
        }

        var jobs = Int(options, "jobs", 10_000);
        var clients = Int(options, "clients", 8);
        var warmup = Int(options, "warmup", 500);

        // Docket's default worker count: twice the cores, at least 4.
        var workers = Int(options, "workers", Math.Max(4, Environment.ProcessorCount * 2));
        var name = $"hangfire_bench_{Guid.NewGuid():N}";
        var admin = ConnectionString(adminUrl, null);
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE template0");
        try
        {
            GlobalConfiguration.Configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(ConnectionString(adminUrl, name)),
                    new PostgreSqlStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,

                        // Its fastest settings: LISTEN/NOTIFY wake-ups and a short poll behind them.
                        EnableLongPolling = true,
                        QueuePollInterval = TimeSpan.FromMilliseconds(50),

                        // Under load a fetched job is now and then never run; it runs again once
                        // invisible this long (default 30 min), which would stall the round.
                        InvisibilityTimeout = TimeSpan.FromSeconds(5),
                    });
            using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers });

            Console.WriteLine($"Hangfire {typeof(BackgroundJob).Assembly.GetName().Version} on PostgreSQL, {workers} workers; warming up with {warmup} jobs");
            await RoundAsync(warmup, clients);
            Console.WriteLine($"measuring {jobs} jobs from {clients} enqueuing clients");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (totalMs, enqueueMs, nearAllMs) = await RoundAsync(jobs, clients);
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;

            Console.WriteLine();
            Console.WriteLine("== hangfire-throughput ==");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  processed jobs/s (enqueue -> all processed)  {jobs / totalMs * 1000,8:N0} /s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  enqueued jobs/s                              {jobs / enqueueMs * 1000,8:N0} /s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first enqueue -> all processed               {totalMs,8:N0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first enqueue -> 99.9 % processed            {nearAllMs,8:N0} ms ({jobs / nearAllMs * 1000:N0} jobs/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  process CPU per job                          {cpuMs / jobs,8:N3} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $$"""{"benchmark":"hangfire-throughput","jobs":{{jobs}},"clients":{{clients}},"workers":{{workers}},"completed_per_s":{{Math.Round(jobs / totalMs * 1000, 1)}},"enqueued_per_s":{{Math.Round(jobs / enqueueMs * 1000, 1)}},"total_ms":{{Math.Round(totalMs)}},"near_all_ms":{{Math.Round(nearAllMs)}},"cpu_ms_per_job":{{Math.Round(cpuMs / jobs, 3)}}}"""));
            server.SendStop();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        return 0;
    }

    /// <summary>The job: nothing, then count it.</summary>
    public static void NoOp() => Interlocked.Increment(ref s_done);

    private static async Task<(double TotalMs, double EnqueueMs, double NearAllMs)> RoundAsync(int jobs, int clients)
    {
        Volatile.Write(ref s_done, 0);
        var start = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() =>
        {
            var client = new BackgroundJobClient();
            while (Interlocked.Increment(ref next) < jobs)
            {
                client.Enqueue(() => NoOp());
            }
        })));
        var enqueueMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 600);
        var nearAllMs = double.NaN;
        while (Volatile.Read(ref s_done) < jobs)
        {
            if (double.IsNaN(nearAllMs) && Volatile.Read(ref s_done) >= jobs * 0.999)
            {
                nearAllMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Only {s_done} of {jobs} jobs ran within 600 s.");
            }

            await Task.Delay(5);
        }

        var totalMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (totalMs, enqueueMs, double.IsNaN(nearAllMs) ? totalMs : nearAllMs);
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>postgres://user:password@host:port/database as an Npgsql connection string, optionally for another database.</summary>
    private static string ConnectionString(string url, string? database)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = database ?? uri.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            MaxPoolSize = 50,
        };
        return builder.ConnectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
