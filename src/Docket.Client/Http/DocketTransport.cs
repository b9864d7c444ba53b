using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Docket.Client;

/// <summary>
/// Sends requests with the API key, a per-attempt timeout and retries (exponential backoff with
/// jitter that yields to <c>Retry-After</c>), and turns any final non-2xx into a <see cref="DocketApiException"/>.
/// </summary>
internal sealed class DocketTransport : IDisposable
{
    private static readonly string UserAgent = $"docket-dotnet/{typeof(DocketTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"}";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly DocketClientOptions _options;
    private readonly string? _apiKey;

    public DocketTransport(DocketClientOptions options, HttpClient? http, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Snapshot();
        options.Validate();
        (BaseAddress, _apiKey) = options.Resolve(environment);
        _options = options;
        _ownsHttp = http is null;
        // Timeouts are ours, per attempt; HttpClient's own would also cut long downloads short.
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri BaseAddress { get; }

    public async Task<HttpResponseMessage> SendAsync(DocketRequest call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var timeout = _options.Timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.Timeout + call.ExtraTime;
            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCancellation.CancelAfter(timeout);
            using var request = CreateMessage(call, () => attemptCancellation.CancelAfter(timeout));
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, call.Streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, attemptCancellation.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (call.Retry == RetryMode.Always && attempt < _options.MaxRetries)
            {
                await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (call.Retry == RetryMode.Always && attempt < _options.MaxRetries)
                {
                    await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new TimeoutException($"{call.Method} {call.Path} got no answer within {timeout}.", exception);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (attempt < _options.MaxRetries && IsRetryable(response.StatusCode, call.Retry))
                {
                    await Task.Delay(Backoff(attempt, response), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw await DocketApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<T> SendAsync<T>(DocketRequest call, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new DocketApiException(response.StatusCode, null, "The server answered with an empty body.", string.Empty);
    }

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync(new DocketRequest(HttpMethod.Get, path), DocketJson.Info<T>(), cancellationToken);

    public Task<TResult> PostAsync<TBody, TResult>(string path, TBody body, RetryMode retry, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(
            new DocketRequest(HttpMethod.Post, path) { CreateContent = _ => JsonContent.Create(body, DocketJson.Info<TBody>()), Retry = retry, Headers = headers },
            DocketJson.Info<TResult>(),
            cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private HttpRequestMessage CreateMessage(DocketRequest call, Action keepAlive)
    {
        var request = new HttpRequestMessage(call.Method, new Uri(BaseAddress, call.Path));
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.ParseAdd("application/json");
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        foreach (var (name, value) in call.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.ExpectContinue = call.ExpectContinue ? true : null;
        request.Content = call.CreateContent?.Invoke(keepAlive);
        return request;
    }

    private static bool IsRetryable(HttpStatusCode status, RetryMode mode) => mode switch
    {
        RetryMode.Always => status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500,
        RetryMode.RefusedOnly => status == HttpStatusCode.TooManyRequests,
        _ => false,
    };

    /// <summary>The server's <c>Retry-After</c> (seconds or a date) when it gave one, else base × 2^attempt with ±20 % jitter; capped.</summary>
    private TimeSpan Backoff(int attempt, HttpResponseMessage? response)
    {
        var delay = RetryAfter(response)
            ?? TimeSpan.FromMilliseconds(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt) * (0.8 + (0.4 * Random.Shared.NextDouble())));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }

        // Some servers send fractional seconds, which the typed header refuses.
        return response is not null && response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
