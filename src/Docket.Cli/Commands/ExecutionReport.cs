using System.Globalization;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary>Waiting for an execution with progress on stderr, and showing or saving what it produced.</summary>
internal static class ExecutionReport
{
    /// <summary>
    /// Waits until the execution ends (or <paramref name="timeout"/> passes), prints it, saves it
    /// into <paramref name="outDirectory"/> when given, and returns the exit code.
    /// </summary>
    public static async Task<int> WaitAsync(ClientCall call, string id, TimeSpan timeout, string? outDirectory, CancellationToken cancellationToken)
    {
        Execution execution;
        using (var progress = TerminalProgress.Waiting(call.Output, $"waiting for execution {id}"))
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                deadline.CancelAfter(timeout);
            }

            try
            {
                execution = await call.Client.Executions.WaitAsync(id, Timeout.InfiniteTimeSpan, deadline.Token).ConfigureAwait(false);
            }
            catch (ExecutionFailedException exception)
            {
                execution = exception.Execution;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                progress.Dispose();
                return await ReportStillRunningAsync(call, id, timeout, outDirectory, cancellationToken).ConfigureAwait(false);
            }
        }

        if (call.Output.IsJson)
        {
            call.Output.WriteJson(execution);
        }

        if (execution.Status != ExecutionStatus.Completed)
        {
            call.Output.Error($"execution {execution.Id} failed ({execution.Error?.Code ?? "unknown"}): {execution.Error?.Message ?? execution.Usage?.Message ?? "no reason given"}");
            return ExitCodes.Failed;
        }

        if (!call.Output.IsJson)
        {
            call.Output.Line(execution.Response?.ToJsonString(Output.JsonOptions) ?? "null");
            call.Output.Note($"Execution {execution.Id} ({execution.Name}) completed in {Output.Duration(Took(execution))}"
                + (execution.Artifacts.Count == 0 ? "." : $" with {execution.Artifacts.Count} artifact(s): {string.Join(", ", execution.Artifacts.Select(a => a.ObjectId))}."));
        }

        if (outDirectory is not null)
        {
            await SaveAsync(call, execution, outDirectory, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>An execution's fields, then its response or error, for people.</summary>
    public static void Write(Output output, Execution execution)
    {
        output.Fields([
            ("id", execution.Id), ("name", execution.Name), ("status", execution.Status),
            ("priority", execution.Priority switch { ExecutionPriority.Low => "low", ExecutionPriority.High => "high", ExecutionPriority.Normal => "normal", _ => null }),
            ("attempts", execution.MaxAttempts is { } max ? $"{execution.Attempts} of {max}" : execution.Attempts.ToString(CultureInfo.InvariantCulture)),
            ("created", Output.Time(execution.CreatedAt)), ("started", Output.Time(execution.StartedAt)), ("completed", Output.Time(execution.CompletedAt)),
            ("duration", execution.IsTerminal ? Output.Duration(Took(execution)) : null),
            ("cached", execution.Cached ? "yes" : null),
            ("error", execution.Error is { } error ? $"{error.Code}: {error.Message}" : null),
            ("artifacts", execution.Artifacts.Count == 0 ? null : string.Join(", ", execution.Artifacts.Select(a => $"{a.ObjectId} ({a.ContentType}, {Output.Bytes(a.Bytes)})"))),
        ]);
        if (execution.Response is { } response)
        {
            output.Line("response:");
            output.Line(response.ToJsonString(Output.JsonOptions));
        }
    }

    /// <summary>The response as <c>response.json</c> and each artifact as <c>&lt;object id&gt;&lt;extension&gt;</c>.</summary>
    private static async Task SaveAsync(ClientCall call, Execution execution, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "response.json"), (execution.Response?.ToJsonString(Output.JsonOptions) ?? "null") + "\n", cancellationToken).ConfigureAwait(false);
        foreach (var artifact in execution.Artifacts)
        {
            // Object ids are validated by the server (<type>_<hex>); the extension comes from a fixed list.
            var path = Path.Combine(directory, Path.GetFileName(artifact.ObjectId) + Extension(artifact.ContentType));
            await call.Client.Artifacts.SaveAsync(execution.Id, artifact.ObjectId, path, cancellationToken).ConfigureAwait(false);
        }

        call.Output.Note($"Saved response.json{(execution.Artifacts.Count == 0 ? string.Empty : $" and {execution.Artifacts.Count} artifact(s)")} into {directory}.");
    }

    private static async Task<int> ReportStillRunningAsync(ClientCall call, string id, TimeSpan timeout, string? outDirectory, CancellationToken cancellationToken)
    {
        var current = await call.Client.Executions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current.IsTerminal)
        {
            // It ended just as the time ran out: report it as if the wait had seen it.
            return await WaitAsync(call, id, TimeSpan.FromSeconds(5), outDirectory, cancellationToken).ConfigureAwait(false);
        }

        if (call.Output.IsJson)
        {
            call.Output.WriteJson(current);
        }

        call.Output.Error($"execution {id} is still {current.Status} after {Output.Duration(timeout)}; it goes on (wait again with `docket executions wait {id}`).");
        return ExitCodes.StillRunning;
    }

    private static TimeSpan Took(Execution execution) =>
        (execution.CompletedAt ?? DateTimeOffset.UtcNow) - (execution.StartedAt ?? execution.CreatedAt);

    public static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        "video/mp4" => ".mp4",
        "audio/mpeg" => ".mp3",
        "application/pdf" => ".pdf",
        "application/json" => ".json",
        "text/plain" => ".txt",
        _ => ".bin",
    };
}
