using System.Collections.Concurrent;

namespace Docket.Tests.Client;

/// <summary>Records every request that passes (method and path with query) and its headers.</summary>
public sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public RecordingHandler()
        : this(new SocketsHttpHandler())
    {
    }

    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests.Select(r => $"{r.Method} {r.RequestUri!.PathAndQuery}")];

    public IReadOnlyList<HttpRequestMessage> Messages => [.. _requests];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return base.SendAsync(request, cancellationToken);
    }
}
