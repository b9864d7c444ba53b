using System.CommandLine;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary><c>docket models list</c>: the built-in engine and the configured model providers.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Show the models the server offers: the built-in engine and configured providers.");
        var options = ClientOptions.AddTo(command);
        command.Subcommands.Add(List(options));
        return command;
    }

    private static Command List(ClientOptions options)
    {
        var command = new Command("list", "List model names, what runs them (engine, provider model, URL, capabilities), the request names that route to them, and the default.");
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var rows = await call.Client.Models.ListAsync(cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(rows);
                return ExitCodes.Success;
            }

            // The listing has a row per domain; people want one line per model.
            var models = rows.GroupBy(r => r.Model, StringComparer.Ordinal).Select(g => g.First()).ToList();
            call.Output.Table(
                ["MODEL", "ENGINE", "PROVIDER_MODEL", "BASE_URL", "CAPABILITIES", "ALIASES", "DEFAULT"],
                models.Select(m => (IReadOnlyList<string>)[
                    m.Model,
                    m.Engine ?? "-",
                    m.ProviderModel ?? "-",
                    m.BaseUrl ?? "-",
                    m.Capabilities is { Count: > 0 } c ? string.Join(',', c) : "-",
                    m.Aliases is { Count: > 0 } a ? string.Join(',', a) : "-",
                    m.Default ? "yes" : "",
                ]));
            return ExitCodes.Success;
        });
        return command;
    }
}
