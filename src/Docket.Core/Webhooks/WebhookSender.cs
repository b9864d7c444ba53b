using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Docket.Inputs;
using Microsoft.Extensions.Options;

namespace Docket.Webhooks;

/// <summary>
/// Makes one signed delivery attempt of a webhook. Callback URLs are user input, so the call
/// goes through the same address guard as URL inputs, and redirects are not followed: a
/// receiver that redirects could otherwise point the signed body anywhere. Retrying with
/// backoff is the caller's job; this reports each attempt and throws only on cancellation.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "Docket-Webhooks/1";

    private readonly WebhookOptions _options;
    private readonly HttpClient _client;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new WebhookOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WebhookOptions), validation.Failures);
        }

        var guard = new UrlGuard(_options.AllowPrivateUrls, _options.AllowedAddressesForTesting);
        var handler = GuardedHttpHandler.Create(guard, _options.Timeout);

        // One client for the process: each attempt's timeout is enforced by its own token.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
    }

    /// <summary>POSTs <paramref name="body"/> (JSON) to <paramref name="callbackUrl"/>, signed with <paramref name="secret"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<WebhookDeliveryResult> SendAsync(
        Uri callbackUrl, ReadOnlyMemory<byte> body, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        ArgumentNullException.ThrowIfNull(secret);
        var started = Stopwatch.GetTimestamp();
        if (!UrlGuard.IsHttp(callbackUrl))
        {
            return Failed(null, $"only http and https callback URLs are called, not {UrlGuard.Describe(callbackUrl)}", started);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            using var request = GuardedHttpHandler.NewRequest(HttpMethod.Post, callbackUrl);
            request.Content = new ReadOnlyMemoryContent(body);
            // Exactly "application/json": receivers compare the header, and a charset adds nothing to JSON.
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(WebhookSigner.HeaderName, WebhookSigner.Sign(secret, body.Span));

            // Headers are enough to judge the attempt; the receiver's body is never read.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookDeliveryResult(true, status, null, ElapsedMs(started));
            }

            var why = status is >= 300 and < 400
                ? $"the receiver redirected (HTTP {status}); redirects are not followed"
                : $"the receiver answered HTTP {status} {response.ReasonPhrase}";
            return Failed(status, why, started);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(null, string.Create(
                CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.###} s"), started);
        }
        catch (HttpRequestException e)
        {
            return Failed(null, GuardedHttpHandler.Explain(e), started);
        }
    }

    public void Dispose() => _client.Dispose();

    private static WebhookDeliveryResult Failed(int? status, string why, long started) =>
        new(false, status, why, ElapsedMs(started));

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
