using System.CommandLine;
using System.CommandLine.Invocation;
using Docket.Cli.Commands;

namespace Docket.Cli;

/// <summary>
/// The <c>docket</c> command. <paramref name="configureServices"/> lets a host that wraps the CLI
/// (the test host, the benchmark host) add services such as test-only agents.
/// </summary>
public static class DocketCli
{
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var root = new RootCommand(
            "Docket: a self-hosted agent execution server that speaks VLM Run's agent API.\n"
            + "Client commands (files, agents, execute, executions, artifacts, models) take --url, --api-key and --json, and exit 0 on success, "
            + "1 when the execution failed or the API answered an error, 2 on a usage error, 3 when the server cannot be reached, "
            + "4 when a wait's --timeout ran out.")
        {
            ServeCommand.Create(configureServices),
            WorkerCommand.Create(configureServices),
            KeysCommand.Create(),
            WebhooksCommand.Create(),
            RunCommand.Create(configureServices),
            FilesCommand.Create(),
            AgentsCommand.Create(),
            ExecuteCommand.Create(),
            ExecutionsCommand.Create(),
            ArtifactsCommand.Create(),
            ModelsCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction parseError)
        {
            // The errors and a pointer to the help, on stderr: stdout stays empty for scripts.
            // A bare `docket` is someone exploring: show them the whole help.
            parseError.ShowHelp = args.Length == 0;
            await parsed.InvokeAsync(new InvocationConfiguration { Output = args.Length == 0 ? Console.Out : Console.Error }).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"See '{string.Join(' ', CommandPath(parsed.CommandResult))} --help'.").ConfigureAwait(false);

            // System.CommandLine exits 1 on a parse error; here 1 means "failed", 2 "used wrongly".
            return ExitCodes.Usage;
        }

        // serve and worker stop through their host on SIGTERM or Ctrl+C: stop claiming, let running
        // executions finish within Docket:Queue:ShutdownGraceSeconds, hand the rest back. Left to
        // System.CommandLine, the process would be ended 2 s after the signal, leases still held.
        var hosting = parsed.CommandResult.Command.Name is "serve" or "worker";
        return await parsed.InvokeAsync(hosting ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? command) =>
        command is null ? [] : CommandPath(command.Parent as System.CommandLine.Parsing.CommandResult).Append(command.Command is RootCommand ? "docket" : command.Command.Name);
}
