using System.CommandLine;
using Docket.Server.Hosting;

namespace Docket.Cli.Commands;

/// <summary><c>docket worker</c>: runs executions from the shared store, no HTTP.</summary>
internal static class WorkerCommand
{
    public static Command Create(Action<IServiceCollection>? configureServices)
    {
        var data = HostOptions.Data();
        var concurrency = HostOptions.Workers("--concurrency");
        var command = new Command("worker", "Run workers only: claim and run executions queued by `docket serve` on the same data directory.")
        {
            data, concurrency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DocketHostSettings { DataDirectory = parse.GetValue(data)!, Workers = parse.GetValue(concurrency), ServeHttp = false };
            HostOptions.ApplyEnvironment(settings);
            using var host = DocketApp.BuildWorker(settings, configureServices);
            await DocketBootstrap.InitializeAsync(host.Services, settings.DataDirectory, Environment.GetEnvironmentVariable(DocketBootstrap.BootstrapKeyVariable), cancellationToken).ConfigureAwait(false);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Docket worker running on {Path.GetFullPath(settings.DataDirectory)}");
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
