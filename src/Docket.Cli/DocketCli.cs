using System.CommandLine;
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
        var root = new RootCommand("Docket: a self-hosted agent execution server that speaks VLM Run's agent API.")
        {
            ServeCommand.Create(configureServices),
            WorkerCommand.Create(configureServices),
            KeysCommand.Create(),
            WebhooksCommand.Create(),
            RunCommand.Create(configureServices),
        };
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync().ConfigureAwait(false);
    }
}
