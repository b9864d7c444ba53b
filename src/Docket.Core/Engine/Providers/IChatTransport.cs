using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>
/// Where a model-driven attempt sends its chat completion requests: the provider over HTTP, or —
/// for a replay — the responses recorded when the execution ran.
/// </summary>
public interface IChatTransport
{
    /// <summary>
    /// Sends one chat completion request and returns the response body. Failures throw
    /// <see cref="ExecutionFailedException"/> with <c>model_error</c>, transient when a retry may help.
    /// </summary>
    Task<JsonObject> CompleteAsync(JsonObject request, CancellationToken cancellationToken);
}
