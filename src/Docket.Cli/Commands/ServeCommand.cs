using System.CommandLine;
using Docket.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Docket.Cli.Commands;

/// <summary><c>docket serve</c>: the API and an in-process worker pool.</summary>
internal static class ServeCommand
{
    public static Command Create(Action<IServiceCollection>? configureServices)
    {
        var urls = HostOptions.Urls();
        var data = HostOptions.Data();
        var workers = HostOptions.Workers();
        var noWorkers = new Option<bool>("--no-workers") { Description = "Serve the API only; separate `docket worker` processes run the executions." };
        var database = HostOptions.Database();
        var blobs = HostOptions.Blobs();
        var command = new Command("serve", "Run the Docket server: the HTTP API plus a worker pool, on the embedded SQLite store or a shared PostgreSQL.")
        {
            urls, data, workers, noWorkers, database, blobs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DocketHostSettings
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(data)!,
                Workers = parse.GetValue(noWorkers) ? 0 : parse.GetValue(workers),
            };
            HostOptions.ApplyEnvironment(settings);
            if (!HostOptions.TryApplyStores(settings, parse.GetValue(database), parse.GetValue(blobs)))
            {
                return ExitCodes.Usage;
            }

            await using var app = DocketApp.Build(settings, configureServices);
            var adminKey = await DocketBootstrap.InitializeAsync(app.Services, settings.DataDirectory, Environment.GetEnvironmentVariable(DocketBootstrap.BootstrapKeyVariable), cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Urls;
            if (adminKey is not null)
            {
                Console.WriteLine($"Created tenant 'default' and its admin key (also written to {Path.Combine(Path.GetFullPath(settings.DataDirectory), "admin-key")}):");
                Console.WriteLine($"  {adminKey}");
            }

            Console.WriteLine($"Docket listening on {address}");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
