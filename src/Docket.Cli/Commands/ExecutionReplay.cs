using System.CommandLine;
using System.Globalization;

namespace Docket.Cli.Commands;

/// <summary><c>docket executions steps|replay</c>: what a model-driven execution did, and whether it replays the same.</summary>
internal static class ExecutionReplay
{
    public static Command Steps(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The execution's id." };
        var command = new Command("steps", "Show the step log of a model-driven execution: model turns and tool calls.") { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var steps = await call.Client.Executions.StepsAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(steps);
                return ExitCodes.Success;
            }

            call.Output.Table(
                ["ATTEMPT", "STEP", "KIND", "NAME", "STATUS", "DURATION", "DETAIL"],
                steps.Select(s => (IReadOnlyList<string>)[
                    s.Attempt.ToString(CultureInfo.InvariantCulture),
                    s.Step.ToString(CultureInfo.InvariantCulture),
                    s.Kind,
                    s.Name,
                    s.Status,
                    Output.Duration(TimeSpan.FromMilliseconds(s.DurationMs)),
                    Summary(s.Detail),
                ]),
                statusColumn: -1);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Replay(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The completed execution to replay." };
        var command = new Command(
            "replay",
            "Re-run a completed execution against its recorded model calls (no model is asked) and report whether the response is identical (exit 1 if not).")
        { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var report = await call.Client.Executions.ReplayAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(report);
            }
            else
            {
                call.Output.Fields(
                [
                    ("execution", report.ExecutionId),
                    ("recording", report.RecordingId == report.ExecutionId ? null : report.RecordingId),
                    ("identical", report.Identical ? "yes" : "no"),
                    ("response", report.ResponseIdentical ? "identical" : $"differs at {string.Join(", ", report.Differences)}"),
                    ("artifacts", report.ArtifactsIdentical ? "identical" : "differ"),
                    ("model calls", string.Create(CultureInfo.InvariantCulture, $"{report.CallsReplayed} of {report.CallsRecorded} recorded")),
                    ("requests", report.RequestMismatches.Count == 0 ? "as recorded" : string.Create(CultureInfo.InvariantCulture, $"{report.RequestMismatches.Count} differ from the recording")),
                    ("error", report.Error is { } e ? $"{e.Code}: {e.Message}" : null),
                ]);
            }

            return report.Identical ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static string Summary(System.Text.Json.Nodes.JsonObject? detail)
    {
        if (detail is null)
        {
            return string.Empty;
        }

        if (detail["error"] is { } error)
        {
            return "error: " + (error["message"] ?? error).ToString();
        }

        if (detail["tool_calls"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } calls)
        {
            return "calls " + string.Join(", ", calls.Select(c => c?.ToString()));
        }

        return detail["artifacts"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } artifacts
            ? "artifacts " + string.Join(", ", artifacts.Select(a => a?.ToString()))
            : detail["prompt_tokens"] is { } tokens ? $"{tokens} + {detail["completion_tokens"]} tokens" : string.Empty;
    }
}
