using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>Runs agents: <see cref="ExecuteAsync(ExecuteRequest, CancellationToken)"/> queues an execution and returns at once.</summary>
public sealed class AgentClient
{
    private readonly DocketTransport _transport;

    internal AgentClient(DocketTransport transport) => _transport = transport;

    /// <summary>
    /// Queues an execution and returns it <c>pending</c>; follow it with
    /// <see cref="ExecutionsClient.WaitAsync"/> or <see cref="ExecutionsClient.WatchAsync"/>.
    /// Sends an <c>Idempotency-Key</c> (the request's, or a new one), so retries never run it twice.
    /// </summary>
    /// <param name="request">The agent, inputs and settings.</param>
    /// <param name="cancellationToken">Cancels the call (not the execution).</param>
    public async Task<Execution> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = DocketJson.WithoutNulls(new JsonObject
        {
            ["name"] = request.Name,
            ["inputs"] = request.Inputs is null ? null : JsonSerializer.SerializeToNode(request.Inputs, request.Inputs.GetType(), DocketJson.Options),
            ["config"] = request.Config?.ToJson(),
            ["priority"] = request.Priority is { } priority ? JsonSerializer.SerializeToNode(priority, DocketJson.Info<ExecutionPriority>()) : null,
            ["toolsets"] = request.Toolsets is null ? null : new JsonArray([.. request.Toolsets.Select(t => (JsonNode)t)]),
            ["metadata"] = request.Metadata is null ? null : JsonSerializer.SerializeToNode(request.Metadata, DocketJson.Info<ExecutionMetadata>()),
            ["callback_url"] = request.CallbackUrl?.AbsoluteUri,
            ["model"] = request.Model,
        });
        var key = request.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        return await _transport.PostAsync<JsonObject, Execution>("agent/execute", body, RetryMode.Always, cancellationToken, new Dictionary<string, string> { ["Idempotency-Key"] = key }).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues an execution whose response must fit <typeparamref name="TResponse"/>'s JSON Schema
    /// (sent as <c>config.json_schema</c>); read it with <see cref="Execution.GetResponse{TResponse}"/>.
    /// </summary>
    /// <typeparam name="TResponse">The response type; see <see cref="DocketSchema"/>.</typeparam>
    /// <param name="request">The agent, inputs and settings.</param>
    /// <param name="cancellationToken">Cancels the call (not the execution).</param>
    public Task<Execution> ExecuteAsync<TResponse>(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = (request.Config ?? new AgentConfig()) with { JsonSchema = DocketSchema.For<TResponse>() };
        return ExecuteAsync(request with { Config = config }, cancellationToken);
    }

    /// <summary>Queues an execution of a named agent on these inputs.</summary>
    /// <param name="name"><c>agent-name</c>, <c>agent-name:version</c> or a built-in agent such as <c>document/parse</c>.</param>
    /// <param name="inputs">An inputs object (see <see cref="ExecuteRequest.Inputs"/>).</param>
    /// <param name="cancellationToken">Cancels the call (not the execution).</param>
    public Task<Execution> ExecuteAsync(string name, object? inputs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ExecuteAsync(new ExecuteRequest { Name = name, Inputs = inputs }, cancellationToken);
    }

    /// <summary>Queues an execution of a named agent whose response must fit <typeparamref name="TResponse"/>.</summary>
    /// <typeparam name="TResponse">The response type; see <see cref="DocketSchema"/>.</typeparam>
    /// <param name="name"><c>agent-name</c>, <c>agent-name:version</c> or a built-in agent.</param>
    /// <param name="inputs">An inputs object (see <see cref="ExecuteRequest.Inputs"/>).</param>
    /// <param name="cancellationToken">Cancels the call (not the execution).</param>
    public Task<Execution> ExecuteAsync<TResponse>(string name, object? inputs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ExecuteAsync<TResponse>(new ExecuteRequest { Name = name, Inputs = inputs }, cancellationToken);
    }
}
