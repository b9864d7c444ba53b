using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>Agents: list, get, look up and create versions.</summary>
public sealed class AgentsClient
{
    private readonly DocketTransport _transport;

    internal AgentsClient(DocketTransport transport) => _transport = transport;

    /// <summary>Every stored agent version, newest first (all of them unless <paramref name="limit"/> is given).</summary>
    /// <param name="skip">How many to skip.</param>
    /// <param name="limit">How many to return (1 to 1000); null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<AgentInfo>> ListAsync(int skip = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"agent?skip={skip}&limit={l}") : string.Create(CultureInfo.InvariantCulture, $"agent?skip={skip}");
        return await _transport.GetAsync<List<AgentInfo>>(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One agent version by id, or a built-in agent by name (such as <c>document/parse</c>).</summary>
    /// <param name="agentId">The version's id or the built-in agent's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AgentInfo> GetAsync(string agentId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<AgentInfo>($"agents/{Paths.EscapeKeepingSlashes(agentId)}", cancellationToken);

    /// <summary>Finds an agent by id, name (<c>name</c> or <c>name:version</c>) or prompt; a 404 <see cref="DocketApiException"/> when none.</summary>
    /// <param name="lookup">What to look for: <see cref="AgentLookup.ById"/>, <see cref="AgentLookup.ByName"/> or <see cref="AgentLookup.ByPrompt"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AgentInfo> LookupAsync(AgentLookup lookup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return _transport.PostAsync<AgentLookup, AgentInfo>("agent/lookup", lookup, RetryMode.Always, cancellationToken);
    }

    /// <summary>
    /// Creates an agent version. Versions are immutable: creating an existing <c>name:version</c>
    /// with the same config returns it, with another config is a 409.
    /// </summary>
    /// <param name="request">Name, description and config.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AgentCreationResponse> CreateAsync(AgentCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        var body = DocketJson.WithoutNulls(new JsonObject
        {
            ["name"] = request.Name,
            ["description"] = request.Description,
            ["inputs"] = request.Inputs?.DeepClone(),
            ["config"] = request.Config.ToJson(),
            ["callback_url"] = request.CallbackUrl?.AbsoluteUri,
        });

        // Safe to repeat: the same name and config always give the same version.
        return _transport.PostAsync<JsonObject, AgentCreationResponse>("agent/create", body, RetryMode.Always, cancellationToken);
    }

    /// <summary>Creates an agent version whose responses fit <typeparamref name="TResponse"/>'s JSON Schema.</summary>
    /// <typeparam name="TResponse">The response type; see <see cref="DocketSchema"/>.</typeparam>
    /// <param name="request">Name, description and config (its schema is replaced).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AgentCreationResponse> CreateAsync<TResponse>(AgentCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateAsync(request with { Config = request.Config with { JsonSchema = DocketSchema.For<TResponse>() } }, cancellationToken);
    }
}
