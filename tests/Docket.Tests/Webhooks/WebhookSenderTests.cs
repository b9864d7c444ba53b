using System.Net;
using System.Security.Cryptography;
using System.Text;
using Docket.Tests.Support;
using Docket.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Webhooks;

public sealed class WebhookSenderTests : IClassFixture<LoopbackHttpServer>
{
    private const string Secret = "whsec_test";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"exec_1\",\"status\":\"completed\"}");

    private readonly LoopbackHttpServer _server;

    public WebhookSenderTests(LoopbackHttpServer server) => _server = server;

    [Fact]
    public async Task Send_ToReceiver_PostsSignedJsonWithHeaders()
    {
        using var sender = Sender();
        var id = Guid.NewGuid().ToString("N");

        var result = await SendAsync(sender, _server.Url($"hook/{id}/200"));

        Assert.True(result.Success);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
        Assert.True(result.DurationMs >= 0);
        var received = _server.Webhook(id);
        Assert.NotNull(received);
        Assert.Equal(Body, received.Body);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("Docket-Webhooks/1", received.Headers["User-Agent"]);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), received.Body);
        Assert.Equal("sha256=" + Convert.ToHexString(mac).ToLowerInvariant(), received.Headers["X-VLMRun-Signature"]);
    }

    [Fact]
    public async Task Send_ReceiverAnswers500_ReportsFailureWithStatus()
    {
        using var sender = Sender();

        var result = await SendAsync(sender, _server.Url($"hook/{Guid.NewGuid():N}/500"));

        Assert.False(result.Success);
        Assert.Equal(500, result.StatusCode);
        Assert.Contains("HTTP 500", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ReceiverRedirects_IsFailureAndNotFollowed()
    {
        using var sender = Sender();
        var id = Guid.NewGuid().ToString("N");

        var result = await SendAsync(sender, _server.Url($"hook/{id}/302"));

        Assert.False(result.Success);
        Assert.Equal(302, result.StatusCode);
        Assert.Contains("redirects are not followed", result.Error, StringComparison.Ordinal);
        Assert.Null(_server.Webhook(id + "-redirected"));
    }

    [Fact]
    public async Task Send_LoopbackWithoutAllow_ReturnsRefusalWithoutCalling()
    {
        using var sender = new WebhookSender(Options.Create(new WebhookOptions()));
        var id = Guid.NewGuid().ToString("N");

        var result = await SendAsync(sender, _server.Url($"hook/{id}/200"));

        Assert.False(result.Success);
        Assert.Null(result.StatusCode);
        Assert.Contains("127.0.0.1 (loopback)", result.Error, StringComparison.Ordinal);
        Assert.Null(_server.Webhook(id));
    }

    [Fact]
    public async Task Send_ForbiddenAddress_ReturnsRefusal()
    {
        using var sender = Sender();

        var result = await SendAsync(sender, new Uri($"http://127.0.0.2:{_server.Port}/hook/x/200"));

        Assert.False(result.Success);
        Assert.Contains("127.0.0.2 (not in the test allow-list)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NonHttpScheme_ReturnsFailure()
    {
        using var sender = Sender();

        var result = await SendAsync(sender, new Uri("ftp://127.0.0.1/hook"));

        Assert.False(result.Success);
        Assert.Contains("only http and https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ClosedPort_ReturnsConnectionError()
    {
        using var sender = Sender();

        var result = await SendAsync(sender, new Uri($"http://127.0.0.1:{ClosedPort.Find()}/hook"));

        Assert.False(result.Success);
        Assert.Null(result.StatusCode);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Send_SilentReceiver_TimesOut()
    {
        using var sender = Sender(TimeSpan.FromMilliseconds(500));

        var result = await SendAsync(sender, _server.Url($"hook-slow/{Guid.NewGuid():N}"));

        Assert.False(result.Success);
        Assert.Null(result.StatusCode);
        Assert.Equal("no answer within 0.5 s", result.Error);
    }

    [Fact]
    public async Task Send_CallerCancels_ThrowsOperationCanceled()
    {
        using var sender = Sender();
        using var cancellation = new CancellationTokenSource();
        var id = Guid.NewGuid().ToString("N");

        var send = sender.SendAsync(_server.Url($"hook-slow/{id}"), Body, Secret, cancellation.Token);
        await _server.Arrival(id).WaitAsync(Deadline);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Deadline));
    }

    /// <summary>A sender that may reach 127.0.0.1, where the receiver is, and nothing else.</summary>
    private static WebhookSender Sender(TimeSpan? timeout = null) =>
        new(Options.Create(new WebhookOptions
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            AllowedAddressesForTesting = new HashSet<IPAddress> { IPAddress.Loopback },
        }));

    private static Task<WebhookDeliveryResult> SendAsync(WebhookSender sender, Uri url) =>
        sender.SendAsync(url, Body, Secret, CancellationToken.None).WaitAsync(Deadline);
}
