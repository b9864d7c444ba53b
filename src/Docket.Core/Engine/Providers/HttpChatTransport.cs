using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>
/// Sends chat completion requests to a provider over HTTP and records every exchange. A timeout,
/// a refused connection, 429 or a 5xx is tried again with backoff (honouring <c>Retry-After</c>);
/// when the tries run out the failure is transient, so the queue retries the execution later.
/// Any other 4xx, or a body that is not a chat completion, fails with <c>model_error</c> at once.
/// </summary>
public sealed class HttpChatTransport(ModelHttp http, ModelProvider provider, RunRecorder recorder, TimeProvider time) : IChatTransport
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public async Task<JsonObject> CompleteAsync(JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = provider.Options;
        string failure = string.Empty;
        for (var attempt = 0; attempt <= options.Retries; attempt++)
        {
            var started = recorder.Now();
            TimeSpan? retryAfter = null;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                using var response = await http.PostChatAsync(provider, request, streamed: false, limit.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var parsed = Parse(body);
                    await recorder.CallAsync(provider, request, body, status, parsed is null ? "not a chat completion" : null, started, cancellationToken).ConfigureAwait(false);
                    return parsed ?? throw new ExecutionFailedException(
                        ErrorCodes.ModelError,
                        $"Provider '{provider.Name}' answered {status} with a body that is not a chat completion: {ModelHttp.ErrorMessage(body)}");
                }

                var message = ModelHttp.ErrorMessage(body);
                await recorder.CallAsync(provider, request, body, status, message, started, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
                {
                    throw new ExecutionFailedException(ErrorCodes.ModelError, $"Provider '{provider.Name}' refused the request ({status}): {message}");
                }

                failure = $"Provider '{provider.Name}' answered {status}: {message}";
                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"Provider '{provider.Name}' did not answer within {options.TimeoutSeconds:0.###} s.";
                await recorder.CallAsync(provider, request, null, null, failure, started, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                failure = $"Provider '{provider.Name}' at {provider.ChatCompletionsUrl} could not be reached: {exception.Message}";
                await recorder.CallAsync(provider, request, null, null, failure, started, cancellationToken).ConfigureAwait(false);
            }

            if (attempt < options.Retries)
            {
                var backoff = retryAfter ?? TimeSpan.FromSeconds(options.RetryBaseSeconds * Math.Pow(2, attempt));
                await Task.Delay(backoff < MaxBackoff ? backoff : MaxBackoff, time, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new ExecutionFailedException(ErrorCodes.ModelError, $"{failure} (tried {options.Retries + 1} times)", transient: true);
    }

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject obj && obj["choices"] is JsonArray { Count: > 0 } ? obj : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }
}
