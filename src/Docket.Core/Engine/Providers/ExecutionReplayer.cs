using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Common;
using Docket.Data;
using Docket.Executions;

namespace Docket.Engine.Providers;

/// <summary>
/// Re-runs a completed execution and says whether it gives the same response and artifacts. A
/// model-driven execution is answered by the responses recorded when it ran (no provider is
/// called), so what is checked is Docket's own part: inputs, requests, tools and validation. A
/// built-in execution simply runs again. Nothing of the replay is stored.
/// </summary>
public sealed class ExecutionReplayer(
    ExecutionStore executions,
    ArtifactStore artifacts,
    AgentCatalog catalog,
    InputResolver resolver,
    ModelCallStore calls,
    IDocketDatabase database,
    IBlobStore blobs,
    TimeProvider time)
{
    private const int MaxDifferences = 20;

    /// <summary>The report, or a problem: unknown execution (404), not completed (409), agent not here (422).</summary>
    public async Task<(ReplayReport? Report, Problem? Problem)> ReplayAsync(string tenantId, string executionId, CancellationToken cancellationToken)
    {
        var execution = await executions.GetAsync(tenantId, executionId, cancellationToken).ConfigureAwait(false);
        if (execution is null)
        {
            return (null, Problem.NotFound($"Execution '{executionId}' not found."));
        }

        if (execution.Status != ExecutionStatus.Completed)
        {
            return (null, Problem.Conflict($"Execution '{executionId}' is {execution.Status}; only completed executions can be replayed.", "not_completed"));
        }

        if (!catalog.TryGet(execution.Handler, out var handler))
        {
            return (null, Problem.Unprocessable($"This server has no agent '{execution.Handler}' to replay execution '{executionId}' with.", "unsupported"));
        }

        // A cached result was copied from the first completed execution with its fingerprint; that one holds the recording.
        var recording = execution.Cached
            ? await database.ReadAsync(c => ExecutionStore.FindCompletedByFingerprintAsync(c, null, tenantId, execution.Fingerprint, cancellationToken), cancellationToken).ConfigureAwait(false) ?? execution
            : execution;
        var recorded = (await calls.ListCallsAsync(recording.Id, recording.Attempt, cancellationToken).ConfigureAwait(false))
            .Where(c => c.StatusCode is >= 200 and < 300 && c.Response is not null && c.Error is null)
            .ToList();

        var workDirectory = Path.Combine(blobs.TemporaryDirectory, $"replay-{execution.Id}-{Guid.NewGuid():N}");
        var sink = new ExecutionArtifactSink(blobs, execution.Id, execution.TenantId, execution.SessionId, execution.Fingerprint, time);
        var transport = new ReplayChatTransport(recorded);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMilliseconds(execution.TimeoutMs ?? 3_600_000));
        try
        {
            var context = new AgentRunContext
            {
                ExecutionId = execution.Id,
                TenantId = execution.TenantId,
                Attempt = execution.Attempt,
                Config = JsonNode.Parse(execution.Config)!.AsObject(),
                Inputs = await resolver.ResolveAsync(execution, workDirectory, limit.Token).ConfigureAwait(false),
                Fingerprint = execution.Fingerprint,
                Artifacts = sink,
                WorkDirectory = workDirectory,
                Toolsets = System.Text.Json.JsonSerializer.Deserialize<List<string>>(execution.Toolsets) ?? [],
                Model = execution.Model,
            };
            var result = handler is ModelAgent model
                ? await model.RunAsync(context, transport, new RunRecorder(null, execution.Id, execution.Attempt, time), limit.Token).ConfigureAwait(false)
                : await handler.RunAsync(context, limit.Token).ConfigureAwait(false);
            var response = ResponseShaper.Shape(result.Response, context.JsonSchema);
            var stored = Wire(execution.Response);
            var differences = new List<string>();
            Diff(stored, response, string.Empty, differences);
            var original = await artifacts.ListForExecutionAsync(tenantId, execution.Id, cancellationToken).ConfigureAwait(false);
            var artifactsIdentical = original.Select(a => (a.ObjectId, a.Sha256)).Order().SequenceEqual(sink.Artifacts.Select(a => (a.ObjectId, a.Sha256)).Order());
            return (new ReplayReport
            {
                ExecutionId = execution.Id,
                RecordingId = recording.Id,
                Identical = differences.Count == 0 && artifactsIdentical,
                ResponseIdentical = differences.Count == 0,
                ArtifactsIdentical = artifactsIdentical,
                CallsRecorded = recorded.Count,
                CallsReplayed = transport.Used,
                Differences = differences,
                RequestMismatches = transport.Mismatches,
                Response = response,
            }, null);
        }
        catch (ExecutionFailedException failure)
        {
            return (Failed(execution, recording, recorded.Count, transport, failure.Code, failure.Message), null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = (execution.TimeoutMs ?? 3_600_000) / 1000.0;
            return (Failed(execution, recording, recorded.Count, transport, ErrorCodes.Timeout, $"The replay did not finish within the execution's timeout of {seconds:0.###} s."), null);
        }
        finally
        {
            await BlobReferences.DeleteUnkeptAsync(database, blobs, sink.Artifacts).ConfigureAwait(false);
            if (Directory.Exists(workDirectory))
            {
                Directory.Delete(workDirectory, recursive: true);
            }
        }
    }

    private static ReplayReport Failed(ExecutionRecord execution, ExecutionRecord recording, int recorded, ReplayChatTransport transport, string code, string message) => new()
    {
        ExecutionId = execution.Id,
        RecordingId = recording.Id,
        Identical = false,
        ResponseIdentical = false,
        ArtifactsIdentical = false,
        CallsRecorded = recorded,
        CallsReplayed = transport.Used,
        RequestMismatches = transport.Mismatches,
        ErrorCode = code,
        ErrorMessage = message,
    };

    private static JsonNode? Wire(string? stored) => stored is null ? null : JsonNode.Parse(stored);

    /// <summary>JSON pointers of the places where two values differ, as canonical JSON compares them.</summary>
    private static void Diff(JsonNode? expected, JsonNode? actual, string pointer, List<string> differences)
    {
        if (differences.Count >= MaxDifferences || CanonicalJson.Serialize(expected) == CanonicalJson.Serialize(actual))
        {
            return;
        }

        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Diff(e[key], a[key], pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), differences);
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Diff(e[i], a[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), differences);
                }

                break;
            default:
                differences.Add(pointer.Length == 0 ? "/" : pointer);
                break;
        }
    }

}
