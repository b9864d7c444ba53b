using System.Data.Common;
using Docket.Data;

namespace Docket.Engine.Providers;

/// <summary>One HTTP exchange with a model server, as recorded for inspection and replay.</summary>
/// <param name="Request">The request body with image data replaced by its digest (see <see cref="RunRecorder"/>).</param>
/// <param name="RequestSha256">SHA-256 of the full request in canonical JSON, images included.</param>
/// <param name="Response">The response body as received; null when none arrived.</param>
public sealed record ModelCallRecord(
    string ExecutionId, int Attempt, int Call, string Provider, string Model, string Request, string RequestSha256,
    string? Response, int? StatusCode, string? Error, long StartedAt, long DurationMs);

/// <summary>One step of a model-driven attempt: a model turn or a tool call.</summary>
/// <param name="Kind"><c>model</c> or <c>tool</c>.</param>
/// <param name="Name">The model id for a model turn, the tool name for a tool call.</param>
/// <param name="Status"><c>ok</c> or <c>error</c>.</param>
/// <param name="Detail">JSON: tokens and requested tools of a model turn; arguments, result or error and artifacts of a tool call.</param>
public sealed record ExecutionStepRecord(
    string ExecutionId, int Attempt, int Step, string Kind, string Name, string Status, string Detail, long StartedAt, long DurationMs);

/// <summary>The model calls and steps of executions (tables <c>model_calls</c> and <c>execution_steps</c>).</summary>
public sealed class ModelCallStore(IDocketDatabase database)
{
    public Task InsertCallAsync(ModelCallRecord c, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                """
                INSERT INTO model_calls (execution_id, attempt, call_index, provider, model, request, request_sha256, response, status_code, error, started_at, duration_ms)
                VALUES (@execution, @attempt, @call, @provider, @model, @request, @sha, @response, @status, @error, @started, @duration)
                """,
                cancellationToken,
                ("@execution", c.ExecutionId),
                ("@attempt", c.Attempt),
                ("@call", c.Call),
                ("@provider", c.Provider),
                ("@model", c.Model),
                ("@request", c.Request),
                ("@sha", c.RequestSha256),
                ("@response", c.Response),
                ("@status", c.StatusCode),
                ("@error", c.Error),
                ("@started", c.StartedAt),
                ("@duration", c.DurationMs)),
            cancellationToken);

    public Task InsertStepAsync(ExecutionStepRecord s, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                """
                INSERT INTO execution_steps (execution_id, attempt, step, kind, name, status, detail, started_at, duration_ms)
                VALUES (@execution, @attempt, @step, @kind, @name, @status, @detail, @started, @duration)
                """,
                cancellationToken,
                ("@execution", s.ExecutionId),
                ("@attempt", s.Attempt),
                ("@step", s.Step),
                ("@kind", s.Kind),
                ("@name", s.Name),
                ("@status", s.Status),
                ("@detail", s.Detail),
                ("@started", s.StartedAt),
                ("@duration", s.DurationMs)),
            cancellationToken);

    /// <summary>The calls of one attempt, or of every attempt when <paramref name="attempt"/> is null, in order.</summary>
    public Task<List<ModelCallRecord>> ListCallsAsync(string executionId, int? attempt, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                attempt is null
                    ? "SELECT * FROM model_calls WHERE execution_id = @execution ORDER BY attempt, call_index"
                    : "SELECT * FROM model_calls WHERE execution_id = @execution AND attempt = @attempt ORDER BY call_index",
                MapCall,
                cancellationToken,
                ("@execution", executionId),
                ("@attempt", attempt ?? 0)),
            cancellationToken);

    public Task<List<ExecutionStepRecord>> ListStepsAsync(string executionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM execution_steps WHERE execution_id = @execution ORDER BY attempt, step",
                MapStep,
                cancellationToken,
                ("@execution", executionId)),
            cancellationToken);

    private static ModelCallRecord MapCall(DbDataReader r) => new(
        r.Text("execution_id"), (int)r.Number("attempt"), (int)r.Number("call_index"), r.Text("provider"), r.Text("model"),
        r.Text("request"), r.Text("request_sha256"), r.TextOrNull("response"), (int?)r.NumberOrNull("status_code"), r.TextOrNull("error"),
        r.Number("started_at"), r.Number("duration_ms"));

    private static ExecutionStepRecord MapStep(DbDataReader r) => new(
        r.Text("execution_id"), (int)r.Number("attempt"), (int)r.Number("step"), r.Text("kind"), r.Text("name"), r.Text("status"),
        r.Text("detail"), r.Number("started_at"), r.Number("duration_ms"));
}
