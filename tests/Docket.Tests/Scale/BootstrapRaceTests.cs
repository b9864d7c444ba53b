using Docket.Data;
using Docket.Server.Hosting;
using Docket.Tenants;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Scale;

/// <summary>Several nodes starting at once on a new database: exactly one of them bootstraps it, and none fails.</summary>
public sealed class BootstrapRaceTests
{
    [PostgresFact]
    public async Task Initialize_OnSeveralNodesAtOnceWithOneBootstrapKey_CreatesOneTenantAndOneKey()
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", "bootstrap-" + Guid.NewGuid().ToString("N"));
        var url = await TestStores.DatabaseForAsync(data);
        var providers = Enumerable.Range(0, 6).Select(_ =>
        {
            var services = new ServiceCollection();
            services.AddSingleton<IDocketDatabase>(new PostgresDatabase(new DatabaseOptions { Url = url }));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<TenantStore>();
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            const string key = "dk_bootstrap_race_0123456789abcdef";
            var created = await Task.WhenAll(providers.Select((p, i) =>
                DocketBootstrap.InitializeAsync(p, Path.Combine(data, $"node-{i}"), key, CancellationToken.None)));

            Assert.Single(created, k => k is not null);
            var keys = await providers[0].GetRequiredService<TenantStore>().ListKeysAsync(null, CancellationToken.None);
            var only = Assert.Single(keys);
            Assert.Equal("default", only.TenantName);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }

            await TestStores.DropDatabaseAsync(data);
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
