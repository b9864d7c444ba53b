using System.CommandLine;

namespace Docket.Cli.Commands;

/// <summary><c>docket artifacts list|get</c>: what executions produced (images, videos, documents, …).</summary>
internal static class ArtifactsCommand
{
    public static Command Create()
    {
        var command = new Command("artifacts", "List and download the artifacts an execution produced.");
        var options = ClientOptions.AddTo(command);
        command.Subcommands.Add(List(options));
        command.Subcommands.Add(Get(options));
        return command;
    }

    private static Argument<string> ExecutionId() => new("execution-id") { Description = "The execution that produced the artifacts." };

    private static Command List(ClientOptions options)
    {
        var executionId = ExecutionId();
        var command = new Command("list", "List an execution's artifacts: object id, media type, size, file name.") { executionId };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var list = await call.Client.Artifacts.ListAsync(call.Get(executionId)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(list);
                return ExitCodes.Success;
            }

            call.Output.Table(
                ["OBJECT_ID", "CONTENT_TYPE", "SIZE", "FILENAME"],
                list.Items.Select(a => (IReadOnlyList<string>)[a.ObjectId, a.ContentType, Output.Bytes(a.Bytes), a.Filename ?? "-"]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(ClientOptions options)
    {
        var executionId = ExecutionId();
        var objectId = new Argument<string>("object-id") { Description = "The artifact's object id, such as img_3fa2c1." };
        var output = new Option<string>("--output", "-o") { Description = "Where to save the artifact (- for stdout).", Required = true, HelpName = "path" };
        var command = new Command("get", "Download one artifact.") { executionId, objectId, output };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var target = call.Get(output)!;
            if (target == "-" && call.Output.IsJson)
            {
                throw new UsageException("--json and -o - both want stdout; pick one.");
            }

            var content = await call.Client.Artifacts.GetAsync(call.Get(executionId)!, call.Get(objectId)!, cancellationToken).ConfigureAwait(false);
            if (target != "-")
            {
                FilesCommand.WriteSaved(call.Output, target, await FilesCommand.SaveAsync(content, target, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Success;
            }

            await using (content.ConfigureAwait(false))
            {
                var stdout = Console.OpenStandardOutput();
                await using (stdout.ConfigureAwait(false))
                {
                    await content.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
