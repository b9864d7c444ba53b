namespace Docket.Client;

/// <summary>Artifacts: list an execution's or a session's, download or save one.</summary>
public sealed class ArtifactsClient
{
    private readonly DocketTransport _transport;

    internal ArtifactsClient(DocketTransport transport) => _transport = transport;

    /// <summary>The artifacts an execution produced.</summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ArtifactList> ListAsync(string executionId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<ArtifactList>($"artifacts/list?execution_id={Paths.Escape(executionId)}", cancellationToken);

    /// <summary>The artifacts of every execution that named this session in its metadata.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ArtifactList> ListForSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<ArtifactList>($"artifacts/list?session_id={Paths.Escape(sessionId)}", cancellationToken);

    /// <summary>An artifact's bytes; dispose the stream when done.</summary>
    /// <param name="executionId">The execution that produced it.</param>
    /// <param name="objectId">Its object id, such as <c>img_3fa2c1</c>.</param>
    /// <param name="cancellationToken">Cancels the call (and reads, when passed to them).</param>
    public async Task<Stream> GetAsync(string executionId, string objectId, CancellationToken cancellationToken = default)
    {
        var call = new DocketRequest(HttpMethod.Get, $"artifacts?object_id={Paths.Escape(objectId)}&execution_id={Paths.Escape(executionId)}") { Streamed = true };
        var response = await _transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        return await ResponseStream.OpenAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bytes of an artifact from a typed response; dispose the stream when done.</summary>
    /// <param name="executionId">The execution that produced it.</param>
    /// <param name="artifact">The reference from the response.</param>
    /// <param name="cancellationToken">Cancels the call (and reads, when passed to them).</param>
    public Task<Stream> GetAsync(string executionId, ArtifactRef artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return GetAsync(executionId, artifact.Id, cancellationToken);
    }

    /// <summary>
    /// Saves an artifact to a file, streaming it; the file appears complete or not at all (it is
    /// written beside the target and then moved over it).
    /// </summary>
    /// <param name="executionId">The execution that produced it.</param>
    /// <param name="objectId">Its object id.</param>
    /// <param name="path">Where to save it; replaced if it exists.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes saved.</returns>
    public async Task<long> SaveAsync(string executionId, string objectId, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var partial = path + ".part";
        long bytes;
        var source = await GetAsync(executionId, objectId, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                    bytes = target.Length;
                }
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
        }

        File.Move(partial, path, overwrite: true);
        return bytes;
    }

    /// <summary>Saves an artifact from a typed response to a file (see <see cref="SaveAsync(string, string, string, CancellationToken)"/>).</summary>
    /// <param name="executionId">The execution that produced it.</param>
    /// <param name="artifact">The reference from the response.</param>
    /// <param name="path">Where to save it; replaced if it exists.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes saved.</returns>
    public Task<long> SaveAsync(string executionId, ArtifactRef artifact, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return SaveAsync(executionId, artifact.Id, path, cancellationToken);
    }
}
