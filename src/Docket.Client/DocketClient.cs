namespace Docket.Client;

/// <summary>
/// A client of a Docket server (or any server that speaks VLM Run's agent API). Thread-safe;
/// create one and share it.
/// </summary>
/// <example>
/// <code>
/// using var client = new DocketClient(new DocketClientOptions { BaseUrl = "http://127.0.0.1:8420/v1", ApiKey = key });
/// var file = await client.Files.UploadAsync("invoice.pdf");
/// var execution = await client.Agent.ExecuteAsync&lt;Invoice&gt;("invoice-extractor", new { invoice = MessageContent.File(file.Id) });
/// var invoice = (await client.Executions.WaitAsync(execution.Id, TimeSpan.FromMinutes(2))).GetResponse&lt;Invoice&gt;();
/// </code>
/// </example>
public sealed class DocketClient : IDisposable
{
    private readonly DocketTransport _transport;

    /// <summary>A client configured from the environment (<c>DOCKET_URL</c>, <c>DOCKET_API_KEY</c>, or the <c>VLMRUN_</c> ones).</summary>
    public DocketClient()
        : this(new DocketClientOptions())
    {
    }

    /// <summary>A client with its own connection pool.</summary>
    /// <param name="options">Server, key, timeout and retries; unset values come from the environment.</param>
    public DocketClient(DocketClientOptions options)
        : this(options, null)
    {
    }

    /// <summary>
    /// A client that sends through the given <see cref="HttpClient"/> (for example one from
    /// IHttpClientFactory). The client is not disposed with this one; its own
    /// <see cref="HttpClient.Timeout"/> still applies, so make it infinite to leave timeouts to
    /// <see cref="DocketClientOptions.Timeout"/>.
    /// </summary>
    /// <param name="options">Server, key, timeout and retries; unset values come from the environment.</param>
    /// <param name="httpClient">The HttpClient to send with; its BaseAddress is not used.</param>
    public DocketClient(DocketClientOptions options, HttpClient? httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = new DocketTransport(options, httpClient, Environment.GetEnvironmentVariable);
        Files = new FilesClient(_transport);
        Agents = new AgentsClient(_transport);
        Agent = new AgentClient(_transport);
        Executions = new ExecutionsClient(_transport, options.MaxRetries);
        Artifacts = new ArtifactsClient(_transport);
        Feedback = new FeedbackClient(_transport);
        Models = new ModelsClient(_transport);
    }

    /// <summary>The API root every call is relative to, ending in <c>/v1/</c>.</summary>
    public Uri BaseUrl => _transport.BaseAddress;

    /// <summary>Files: upload, list, get, download, delete.</summary>
    public FilesClient Files { get; }

    /// <summary>Agents: list, get, look up, create.</summary>
    public AgentsClient Agents { get; }

    /// <summary>Runs agents.</summary>
    public AgentClient Agent { get; }

    /// <summary>Executions: get, list, cancel, wait, watch, steps, replay.</summary>
    public ExecutionsClient Executions { get; }

    /// <summary>Artifacts: list, download, save.</summary>
    public ArtifactsClient Artifacts { get; }

    /// <summary>Feedback on results.</summary>
    public FeedbackClient Feedback { get; }

    /// <summary>The models the server offers: its built-in engine and configured providers.</summary>
    public ModelsClient Models { get; }

    /// <summary>The server's health (no API key needed).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<HealthStatus> HealthAsync(CancellationToken cancellationToken = default) =>
        _transport.GetAsync<HealthStatus>("health", cancellationToken);

    /// <summary>Releases the connection pool (unless an HttpClient was given).</summary>
    public void Dispose() => _transport.Dispose();
}
