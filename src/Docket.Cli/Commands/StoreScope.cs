using Docket.Data;
using Docket.Server.Hosting;

namespace Docket.Cli.Commands;

/// <summary>Docket's stores on a data directory, without a server: for commands that work beside a running one.</summary>
internal sealed class StoreScope : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreScope(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    /// <returns>Null when the database URL is malformed (the reason is on stderr).</returns>
    public static async Task<StoreScope?> OpenAsync(string dataDirectory, string? database, CancellationToken cancellationToken)
    {
        var settings = new DocketHostSettings { DataDirectory = dataDirectory };
        HostOptions.ApplyEnvironment(settings);
        if (!HostOptions.TryApplyStores(settings, database, null))
        {
            return null;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Configuration).Build();
        var services = new ServiceCollection().AddLogging().AddDocket(configuration, dataDirectory).BuildServiceProvider();
        await services.GetRequiredService<IDocketDatabase>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        return new StoreScope(services);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
