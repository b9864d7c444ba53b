using System.Data.Common;
using Docket.Data;
using Docket.Tenants;

namespace Docket.Server.Hosting;

/// <summary>
/// First start on a data directory: migrate, then create the <c>default</c> tenant and its admin
/// key, shown once and written to <c>&lt;data&gt;/admin-key</c> (mode 0600).
/// </summary>
public static class DocketBootstrap
{
    public const string BootstrapKeyVariable = "DOCKET_BOOTSTRAP_KEY";

    /// <returns>The new admin key when this start created it, otherwise null.</returns>
    public static async Task<string?> InitializeAsync(IServiceProvider services, string dataDirectory, string? bootstrapKey, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<IDocketDatabase>();
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var tenants = services.GetRequiredService<TenantStore>();
        if (await tenants.AnyTenantAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        CreatedApiKey created;
        try
        {
            created = await tenants.CreateKeyAsync("default", "admin", cancellationToken, string.IsNullOrEmpty(bootstrapKey) ? null : bootstrapKey).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Several nodes started at once on one database and another one bootstrapped it first
            // (the tenant's name and the key's hash are unique): nothing is left to create here.
            if (await tenants.AnyTenantAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            throw;
        }

        // With PostgreSQL nothing else may have created the data directory yet.
        Directory.CreateDirectory(Path.GetFullPath(dataDirectory));
        var path = Path.Combine(Path.GetFullPath(dataDirectory), "admin-key");
        await File.WriteAllTextAsync(path, created.Key + "\n", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return created.Key;
    }
}
