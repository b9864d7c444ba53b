using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>
/// The one HTTP client for model servers: pooled connections, no client-wide timeout (each call
/// sets its own from the provider's settings). Model servers are the operator's own, usually on
/// loopback or a private network, so no address guard applies.
/// </summary>
public sealed class ModelHttp : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>POSTs <paramref name="body"/> to the provider's chat completions URL; the caller owns the response.</summary>
    public Task<HttpResponseMessage> PostChatAsync(ModelProvider provider, JsonObject body, bool streamed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(body);
        var request = new HttpRequestMessage(HttpMethod.Post, provider.ChatCompletionsUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (provider.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (streamed)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return SendAsync(request, streamed, cancellationToken);
    }

    /// <summary>
    /// The provider's own words from an error body: OpenAI's <c>error.message</c>, Ollama's
    /// <c>error</c> string, vLLM's <c>message</c>, or the start of the raw text.
    /// </summary>
    public static string ErrorMessage(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                var message = obj["error"] switch
                {
                    JsonObject error => error["message"]?.ToString(),
                    JsonValue error when error.GetValueKind() == JsonValueKind.String => error.GetValue<string>(),
                    _ => null,
                } ?? obj["message"]?.ToString() ?? obj["detail"]?.ToString();
                if (!string.IsNullOrWhiteSpace(message))
                {
                    return message;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw text below says what there is to say.
        }

        var text = body.Trim();
        return text.Length == 0 ? "(empty body)" : text.Length <= 500 ? text : text[..500] + "…";
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool streamed, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _client.SendAsync(request, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
    }
}
