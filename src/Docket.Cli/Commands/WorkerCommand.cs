using System.CommandLine;
using Docket.Data;
using Docket.Server.Hosting;

namespace Docket.Cli.Commands;

/// <summary><c>docket worker</c>: runs executions from the shared store, no HTTP.</summary>
internal static class WorkerCommand
{
    public static Command Create(Action<IServiceCollection>? configureServices)
    {
        var data = HostOptions.Data();
        var concurrency = HostOptions.Workers("--concurrency");
        var database = HostOptions.Database();
        var blobs = HostOptions.Blobs();
        var command = new Command("worker", "Run workers only: claim and run executions queued by `docket serve` on the same data directory or PostgreSQL database.")
        {
            data, concurrency, database, blobs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DocketHostSettings { DataDirectory = parse.GetValue(data)!, Workers = parse.GetValue(concurrency), ServeHttp = false };
            HostOptions.ApplyEnvironment(settings);
            if (!HostOptions.TryApplyStores(settings, parse.GetValue(database), parse.GetValue(blobs)))
            {
                return ExitCodes.Usage;
            }

            using var host = DocketApp.BuildWorker(settings, configureServices);
            await DocketBootstrap.InitializeAsync(host.Services, settings.DataDirectory, Environment.GetEnvironmentVariable(DocketBootstrap.BootstrapKeyVariable), cancellationToken).ConfigureAwait(false);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Docket worker running on {(parse.GetValue(database) is { } url ? PostgresUrl.Redact(url) : Path.GetFullPath(settings.DataDirectory))}");
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
