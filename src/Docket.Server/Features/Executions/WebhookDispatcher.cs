using System.Text;
using Docket.Artifacts;
using Docket.Executions;
using Docket.Server.Hosting;
using Docket.Tenants;
using Docket.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Executions;

/// <summary>
/// Delivers terminal executions to their <c>callback_url</c>: the AgentExecutionResponse JSON,
/// signed with the tenant's webhook secret, retried with exponential backoff, every attempt
/// recorded. Deliveries are claimed with a lease, so several processes can share the work.
/// </summary>
internal sealed partial class WebhookDispatcher(
    WebhookStore deliveries,
    WebhookSender sender,
    ExecutionStore executions,
    ArtifactStore artifacts,
    TenantStore tenants,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            do
            {
                try
                {
                    while (await DeliverNextAsync(stoppingToken).ConfigureAwait(false))
                    {
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogDispatchFailed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; unfinished deliveries are picked up at the next start.
        }
    }

    private async Task<bool> DeliverNextAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await deliveries.AnyDueAsync(now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var delivery = await deliveries.ClaimDueAsync(now, now + (long)(o.Timeout.TotalMilliseconds * 2) + 5000, cancellationToken).ConfigureAwait(false);
        if (delivery is null)
        {
            return false;
        }

        var execution = await executions.GetAsync(delivery.TenantId, delivery.ExecutionId, cancellationToken).ConfigureAwait(false);
        var tenant = await tenants.FindTenantAsync(delivery.TenantId, cancellationToken).ConfigureAwait(false);
        WebhookDeliveryResult result;
        if (execution is null || tenant is null)
        {
            result = new WebhookDeliveryResult(false, null, "the execution no longer exists", 0);
        }
        else if (!Uri.TryCreate(delivery.Url, UriKind.Absolute, out var url))
        {
            result = new WebhookDeliveryResult(false, null, "the callback URL is not an absolute URL", 0);
        }
        else
        {
            var list = execution.Status == ExecutionStatus.Completed ? await artifacts.ListForExecutionAsync(execution.TenantId, execution.Id, cancellationToken).ConfigureAwait(false) : null;
            var body = Encoding.UTF8.GetBytes(ExecutionJson.Response(execution, list).ToJsonString(Wire.Options));
            result = await sender.SendAsync(url, body, tenant.WebhookSecret, cancellationToken).ConfigureAwait(false);
        }

        long? retryAt = null;
        if (!result.Success && execution is not null && delivery.Attempts < o.MaxAttempts)
        {
            var delay = Math.Min(o.RetryBase.TotalMilliseconds * Math.Pow(2, delivery.Attempts - 1), 3_600_000);
            retryAt = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)delay;
        }

        if (!result.Success)
        {
            LogAttemptFailed(delivery.ExecutionId, delivery.Attempts, result.Error ?? $"HTTP {result.StatusCode}");
        }

        var attempt = new WebhookAttempt(delivery.Attempts, now, result.StatusCode, result.Error, result.DurationMs);
        await deliveries.RecordAttemptAsync(delivery, attempt, result.Success, retryAt, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook dispatch failed")]
    private partial void LogDispatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for execution {ExecutionId}, attempt {Attempt} failed: {Error}")]
    private partial void LogAttemptFailed(string executionId, int attempt, string error);
}
