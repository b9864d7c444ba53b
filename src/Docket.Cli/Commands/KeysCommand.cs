using System.CommandLine;
using System.Globalization;
using Docket.Tenants;

namespace Docket.Cli.Commands;

/// <summary><c>docket keys create|list|revoke</c>: API keys on a data directory, safe while a server runs on it.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys and tenants on a data directory or PostgreSQL database (works while a server runs on it).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command CreateKey()
    {
        var data = HostOptions.Data();
        var database = HostOptions.Database();
        var tenant = new Option<string>("--tenant") { Description = "Tenant the key belongs to; created if new.", DefaultValueFactory = _ => "default" };
        var label = new Option<string?>("--label") { Description = "A note to recognise the key by in `docket keys list`." };
        var command = new Command("create", "Create an API key; the key is printed alone on the last line, once.") { data, database, tenant, label };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = await StoreScope.OpenAsync(parse.GetValue(data)!, parse.GetValue(database), cancellationToken).ConfigureAwait(false);
            if (scope is null)
            {
                return ExitCodes.Usage;
            }

            try
            {
                var created = await scope.Get<TenantStore>().CreateKeyAsync(parse.GetValue(tenant)!, parse.GetValue(label), cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"Created key {created.Info.Prefix}… for tenant '{created.Info.TenantName}'. It is shown only now:");
                Console.WriteLine(created.Key);
                return 0;
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message.Split(" (Parameter", 2)[0]).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static Command List()
    {
        var data = HostOptions.Data();
        var database = HostOptions.Database();
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's keys." };
        var command = new Command("list", "List API keys (prefix, tenant, label, created, revoked); keys themselves are never shown.") { data, database, tenant };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = await StoreScope.OpenAsync(parse.GetValue(data)!, parse.GetValue(database), cancellationToken).ConfigureAwait(false);
            if (scope is null)
            {
                return ExitCodes.Usage;
            }

            var keys = await scope.Get<TenantStore>().ListKeysAsync(parse.GetValue(tenant), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{"PREFIX",-12} {"TENANT",-16} {"LABEL",-16} {"CREATED",-20} {"REVOKED",-20}");
            foreach (var key in keys)
            {
                Console.WriteLine($"{key.Prefix,-12} {key.TenantName,-16} {key.Label ?? "-",-16} {Time(key.CreatedAt),-20} {(key.RevokedAt is { } r ? Time(r) : "-"),-20}");
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var data = HostOptions.Data();
        var database = HostOptions.Database();
        var key = new Argument<string>("prefix") { Description = "The key's prefix as `docket keys list` shows it, or its id." };
        var command = new Command("revoke", "Revoke an API key; requests with it fail with 401 within a few seconds.") { data, database, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = await StoreScope.OpenAsync(parse.GetValue(data)!, parse.GetValue(database), cancellationToken).ConfigureAwait(false);
            if (scope is null)
            {
                return ExitCodes.Usage;
            }

            if (await scope.Get<TenantStore>().RevokeKeyAsync(parse.GetValue(key)!, cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine($"Revoked {parse.GetValue(key)}.");
                return 0;
            }

            await Console.Error.WriteLineAsync($"No active key matches '{parse.GetValue(key)}'.").ConfigureAwait(false);
            return 1;
        });
        return command;
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
