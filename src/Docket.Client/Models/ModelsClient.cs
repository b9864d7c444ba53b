namespace Docket.Client;

/// <summary>The models a server offers: its built-in engine and its configured providers.</summary>
public sealed class ModelsClient
{
    private readonly DocketTransport _transport;

    internal ModelsClient(DocketTransport transport) => _transport = transport;

    /// <summary>Every model name with each domain it runs (<c>GET /v1/models</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        await _transport.GetAsync<List<ModelInfo>>("models", cancellationToken).ConfigureAwait(false);
}
