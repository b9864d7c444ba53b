using System.CommandLine;
using Docket.Tenants;

namespace Docket.Cli.Commands;

/// <summary><c>docket webhooks secret</c>: the key that signs a tenant's webhooks.</summary>
internal static class WebhooksCommand
{
    public static Command Create()
    {
        var data = HostOptions.Data();
        var database = HostOptions.Database();
        var tenant = new Option<string>("--tenant") { Description = "The tenant.", DefaultValueFactory = _ => "default" };
        var rotate = new Option<bool>("--rotate") { Description = "Replace the secret with a new one first." };
        var secret = new Command("secret", "Print the tenant's webhook signing secret (X-VLMRun-Signature is HMAC-SHA256 of the body with it).") { data, database, tenant, rotate };
        secret.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = await StoreScope.OpenAsync(parse.GetValue(data)!, parse.GetValue(database), cancellationToken).ConfigureAwait(false);
            if (scope is null)
            {
                return ExitCodes.Usage;
            }

            var tenants = scope.Get<TenantStore>();
            var name = parse.GetValue(tenant)!;
            if (parse.GetValue(rotate))
            {
                Console.WriteLine(await tenants.RotateWebhookSecretAsync(name, cancellationToken).ConfigureAwait(false));
                return 0;
            }

            var found = await tenants.FindTenantAsync(name, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                await Console.Error.WriteLineAsync($"No tenant '{name}'.").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine(found.WebhookSecret);
            return 0;
        });
        var command = new Command("webhooks", "Webhook settings.");
        command.Subcommands.Add(secret);
        return command;
    }
}
