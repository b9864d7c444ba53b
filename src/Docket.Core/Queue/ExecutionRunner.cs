using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Data;
using Docket.Engine;
using Docket.Engine.Providers;
using Docket.Executions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Queue;

/// <summary>
/// Runs one claimed attempt: resolves inputs, runs the handler under the execution's timeout,
/// keeps the lease alive, watches for cancellation, and writes the outcome with a guarded update.
/// </summary>
public sealed partial class ExecutionRunner(
    AgentCatalog catalog,
    ProviderRegistry providers,
    InputResolver resolver,
    ExecutionQueue queue,
    ExecutionSignals signals,
    IDocketDatabase database,
    IBlobStore blobs,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<ExecutionRunner> logger)
{
    private enum StopReason
    {
        None,
        Timeout,
        Cancelled,
        LeaseLost,
    }

    /// <param name="execution">The claimed row (status running, attempt already counted).</param>
    /// <param name="shutdownToken">Cancelled when the worker must stop and hand its executions back.</param>
    /// <param name="nextClaim">
    /// When given and the execution completes, the next execution is claimed in the completing
    /// transaction with the window it returns (null: claim nothing) and returned.
    /// </param>
    public async Task<ExecutionRecord?> RunAsync(ExecutionRecord execution, CancellationToken shutdownToken, Func<ClaimWindow?>? nextClaim = null)
    {
        ExecutionRecord? next = null;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ExecutionId"] = execution.Id, ["Attempt"] = execution.Attempt });
        var reason = StopReason.None;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(execution.TimeoutMs ?? (long)(options.Value.MaxTimeoutSeconds * 1000)), time);
        using var stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdownToken, timeout.Token, stop.Token);
        using var cancelRegistration = signals.OnCancel(execution.Id, () =>
        {
            reason = StopReason.Cancelled;
            stop.Cancel();
        });
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(execution, () =>
        {
            reason = StopReason.LeaseLost;
            stop.Cancel();
        }, heartbeatStop.Token);

        var workDirectory = Path.Combine(blobs.TemporaryDirectory, $"exec-{execution.Id}-{execution.Attempt}");
        var sink = new ExecutionArtifactSink(blobs, execution.Id, execution.TenantId, execution.SessionId, execution.Fingerprint, time);
        var stopwatch = Stopwatch.StartNew();
        var kept = false;
        AgentRunContext? context = null;
        IReadOnlyList<ExecutionInput>? inputs = null;
        try
        {
            if (!catalog.TryGet(execution.Handler, out var handler))
            {
                throw new ExecutionFailedException(ErrorCodes.Internal, $"This worker cannot run '{execution.Handler}'.", transient: true);
            }

            inputs = await resolver.ResolveAsync(execution, workDirectory, linked.Token).ConfigureAwait(false);
            context = new AgentRunContext
            {
                ExecutionId = execution.Id,
                TenantId = execution.TenantId,
                Attempt = execution.Attempt,
                Config = JsonNode.Parse(execution.Config)!.AsObject(),
                Inputs = inputs,
                Fingerprint = execution.Fingerprint,
                Artifacts = sink,
                WorkDirectory = workDirectory,
                Toolsets = JsonSerializer.Deserialize<List<string>>(execution.Toolsets) ?? [],
                Model = execution.Model,
            };
            var result = await handler.RunAsync(context, linked.Token).ConfigureAwait(false);
            var response = ResponseShaper.Shape(result.Response, context.JsonSchema);
            var usage = Usage(result with { Message = PromptNote(handler, context, result.Message) }, stopwatch.Elapsed);
            if (nextClaim?.Invoke() is { } window)
            {
                (kept, next) = await queue.CompleteAndClaimAsync(execution.Id, execution.Attempt, response.ToJsonString(), usage, result.Grounding?.ToJsonString(), sink.Artifacts, Now(), window, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                kept = await queue.CompleteAsync(execution.Id, execution.Attempt, response.ToJsonString(), usage, result.Grounding?.ToJsonString(), sink.Artifacts, Now(), CancellationToken.None).ConfigureAwait(false);
            }

            if (!kept)
            {
                LogResultDropped(execution.Id);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested && reason == StopReason.None)
            {
                var seconds = (execution.TimeoutMs ?? 0) / 1000.0;
                await queue.FailAsync(execution.Id, execution.Attempt, ErrorCodes.Timeout, $"The execution did not finish within its timeout of {seconds:0.###} s.", null, Now(), CancellationToken.None).ConfigureAwait(false);
            }
            else if (shutdownToken.IsCancellationRequested && reason == StopReason.None)
            {
                await queue.ReleaseAsync(execution.Id, execution.Attempt, Now(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (ExecutionFailedException failure)
        {
            await FailOrRetryAsync(execution, failure.Code, failure.Message, failure.Transient).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogUnexpected(exception, execution.Id);
            await FailOrRetryAsync(execution, ErrorCodes.Internal, $"The execution failed unexpectedly: {exception.Message}", transient: true).ConfigureAwait(false);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            if (!kept)
            {
                await BlobReferences.DeleteUnkeptAsync(database, blobs, sink.Artifacts).ConfigureAwait(false);
            }

            // Only an attempt that used its scratch directory (or fetched an input into it, or
            // stopped before it knew) can have one: most never do, and skip the file system.
            if (context is null || context.WorkDirectoryCreated || inputs!.Any(i => i.Path?.StartsWith(workDirectory, StringComparison.Ordinal) == true))
            {
                TryDeleteDirectory(workDirectory);
            }
            signals.NotifyChanged(execution.Id);
            if (next is not null)
            {
                signals.NotifyChanged(next.Id);
            }
        }

        return next;
    }

    /// <summary>The SDKs reject any element type but these four, and would fail to parse the whole listing.</summary>
    private static readonly HashSet<string> ElementTypes = new(StringComparer.Ordinal) { "image", "page", "video", "audio" };

    internal static string Usage(AgentResult result, TimeSpan elapsed)
    {
        var usage = new JsonObject
        {
            ["elements_processed"] = result.ElementsProcessed,
            ["element_type"] = ElementTypes.Contains(result.ElementType) ? result.ElementType : null,
            ["credits_used"] = 0,
            ["steps"] = result.Steps,
            ["duration_seconds"] = (int)Math.Round(elapsed.TotalSeconds),
            ["message"] = result.Message,
        };
        if (result.PromptTokens is { } prompt && result.CompletionTokens is { } completion)
        {
            usage["prompt_tokens"] = prompt;
            usage["completion_tokens"] = completion;
            usage["total_tokens"] = prompt + completion;
        }

        return usage.ToJsonString();
    }

    /// <summary>
    /// A built-in engine agent that got a prompt says, in usage.message, that no model read it.
    /// Agents from other assemblies (tests, benchmarks) are left alone: they make no such promise.
    /// </summary>
    private string? PromptNote(IAgentHandler handler, AgentRunContext context, string? message)
    {
        if (string.IsNullOrWhiteSpace(context.Prompt) || handler is ModelAgent || handler.GetType().Assembly != typeof(AgentCatalog).Assembly)
        {
            return message;
        }

        var note = providers.BuiltinNote(handler.Name, context.Model);
        return message is null ? note : $"{message} {note}";
    }

    private async Task FailOrRetryAsync(ExecutionRecord execution, string code, string message, bool transient)
    {
        if (transient && execution.Attempt < execution.MaxAttempts)
        {
            var delay = Math.Min(options.Value.RetryBaseSeconds * Math.Pow(2, execution.Attempt - 1), options.Value.RetryMaxSeconds);
            await queue.RetryAsync(execution.Id, execution.Attempt, Now() + (long)(delay * 1000), code, message, CancellationToken.None).ConfigureAwait(false);
            signals.NotifyQueued();
        }
        else
        {
            var final = transient ? $"{message} (after {execution.Attempt} attempts)" : message;
            await queue.FailAsync(execution.Id, execution.Attempt, code, final, null, Now(), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renews the lease every third of its length and, more often, checks that the attempt still
    /// owns the execution, so a cancel made through another process stops it within a second.
    /// </summary>
    private async Task HeartbeatAsync(ExecutionRecord execution, Action lost, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var check = TimeSpan.FromSeconds(Math.Min(o.CancelCheckSeconds, o.LeaseSeconds / 3));
        var renewEvery = (long)(o.LeaseSeconds * 1000 / 3);
        var lastRenew = Now();
        try
        {
            // The attempt's end disposes the timer, which ends the wait with false: no exception
            // thrown on every execution's way out.
            using var timer = new PeriodicTimer(check, time);
            using var end = cancellationToken.Register(static t => ((PeriodicTimer)t!).Dispose(), timer);
            while (await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var now = Now();
                var owned = now - lastRenew >= renewEvery
                    ? await queue.RenewLeaseAsync(execution.Id, execution.Attempt, now + (long)(o.LeaseSeconds * 1000), cancellationToken).ConfigureAwait(false)
                    : await queue.IsOwnedAsync(execution.Id, execution.Attempt, cancellationToken).ConfigureAwait(false);
                if (now - lastRenew >= renewEvery)
                {
                    lastRenew = now;
                }

                if (!owned)
                {
                    lost();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attempt ended.
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void TryDeleteDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A tool may still hold a file; the temporary directory is swept at the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId} was cancelled or re-claimed while running; its result was dropped")]
    private partial void LogResultDropped(string executionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Execution {ExecutionId} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string executionId);
}
