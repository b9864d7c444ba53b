using System.CommandLine;
using System.Globalization;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary><c>docket executions list|get|wait|cancel|watch|steps|replay</c>.</summary>
internal static class ExecutionsCommand
{
    public static Command Create()
    {
        var command = new Command("executions", "List, inspect, wait for, cancel, watch and replay executions.");
        var options = ClientOptions.AddTo(command);
        command.Subcommands.Add(List(options));
        command.Subcommands.Add(Get(options));
        command.Subcommands.Add(Wait(options));
        command.Subcommands.Add(Cancel(options));
        command.Subcommands.Add(Watch(options));
        command.Subcommands.Add(ExecutionReplay.Steps(options));
        command.Subcommands.Add(ExecutionReplay.Replay(options));
        return command;
    }

    private static Argument<string> Id() => new("id") { Description = "The execution's id." };

    private static Command List(ClientOptions options)
    {
        var status = new Option<string?>("--status") { Description = "Only executions in this status: pending, running, completed or failed." };
        status.AcceptOnlyFromAmong(ExecutionStatus.Pending, ExecutionStatus.Running, ExecutionStatus.Completed, ExecutionStatus.Failed);
        var name = new Option<string?>("--name") { Description = "Only executions of this agent (name as executions show it, such as document/parse).", HelpName = "agent" };
        var skip = new Option<int>("--skip") { Description = "How many of the newest matches to skip.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "How many to list (1 to 1000).", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List executions, newest first.") { status, name, skip, limit };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var query = new ExecutionQuery { Status = call.Get(status), Name = call.Get(name), Skip = call.Get(skip), Limit = call.Get(limit) };
            var executions = await call.Client.Executions.ListAsync(query, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(executions);
                return ExitCodes.Success;
            }

            call.Output.Table(
                ["ID", "NAME", "STATUS", "CREATED", "DURATION", "ERROR"],
                executions.Select(e => (IReadOnlyList<string>)[
                    e.Id, e.Name, e.Status, Output.Time(e.CreatedAt),
                    e.CompletedAt is { } end ? Output.Duration(end - (e.StartedAt ?? e.CreatedAt)) : "-",
                    e.Error?.Code ?? "-",
                ]),
                statusColumn: 2);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(ClientOptions options)
    {
        var id = Id();
        var command = new Command("get", "Show an execution: status, timings, attempts, error, artifacts and response.") { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var execution = await call.Client.Executions.GetAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(execution);
            }
            else
            {
                ExecutionReport.Write(call.Output, execution);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Wait(ClientOptions options)
    {
        var id = Id();
        var timeout = new Option<double?>("--timeout") { Description = "Give up waiting after this many seconds (exit 4; the execution goes on). Default: wait as long as it takes.", HelpName = "seconds" };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds.");
            }
        });
        var command = new Command("wait", "Wait until an execution ends and print its response (exit 1 if it failed).") { id, timeout };
        ClientAction.Set(command, options, (call, cancellationToken) =>
        {
            var limit = call.Get(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            return ExecutionReport.WaitAsync(call, call.Get(id)!, limit, null, cancellationToken);
        });
        return command;
    }

    private static Command Cancel(ClientOptions options)
    {
        var id = Id();
        var command = new Command("cancel", "Cancel a pending or running execution; it ends failed with error code cancelled.") { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var execution = await call.Client.Executions.CancelAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(execution);
            }
            else
            {
                call.Output.Line($"Cancelled {execution.Id} ({call.Output.Status(execution.Status)}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Watch(ClientOptions options)
    {
        var id = Id();
        var command = new Command(
            "watch",
            "Print an execution's status changes as they happen, until it ends (exit 1 if it failed). With --json: a JSON array, one execution per line as it arrives.")
        { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            Execution? last = null;
            if (call.Output.IsJson)
            {
                // Streamed, yet one document once complete: "[", then the elements as they come, then "]".
                call.Output.Line("[");
            }

            await foreach (var execution in call.Client.Executions.WatchAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false))
            {
                if (call.Output.IsJson)
                {
                    call.Output.Line((last is null ? "  " : ", ") + Output.ToNode(execution)!.ToJsonString());
                }
                else
                {
                    call.Output.Line(Describe(call.Output, execution));
                }

                last = execution;
            }

            if (call.Output.IsJson)
            {
                call.Output.Line("]");
            }

            if (last?.Status == ExecutionStatus.Failed)
            {
                call.Output.Error($"execution {last.Id} failed ({last.Error?.Code ?? "unknown"}): {last.Error?.Message}");
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One status change: when it happened, the status, and what is new with it.</summary>
    private static string Describe(Output output, Execution execution)
    {
        var at = execution.Status switch
        {
            ExecutionStatus.Pending => execution.CreatedAt,
            ExecutionStatus.Running => execution.StartedAt ?? execution.CreatedAt,
            _ => execution.CompletedAt ?? execution.CreatedAt,
        };
        var detail = execution.Status switch
        {
            ExecutionStatus.Running => string.Create(CultureInfo.InvariantCulture, $"attempt {execution.Attempts}"),
            ExecutionStatus.Completed => execution.Artifacts.Count == 0 ? string.Empty : $"{execution.Artifacts.Count} artifact(s)",
            ExecutionStatus.Failed => $"{execution.Error?.Code}: {execution.Error?.Message}",
            _ => string.Empty,
        };
        return $"{at.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}  {output.Status(execution.Status)}  {detail}".TrimEnd();
    }
}
