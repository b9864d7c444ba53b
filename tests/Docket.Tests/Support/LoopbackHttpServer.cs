using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docket.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with the endpoints the URL and webhook tests need:
/// files, redirects, endless and slow bodies, error statuses and a webhook receiver.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncLifetime
{
    /// <summary>The body of <c>/file/report.pdf</c>: deterministic, and larger than one read buffer.</summary>
    public static readonly byte[] Report = MakeReport();

    private readonly ConcurrentDictionary<string, ReceivedWebhook> _webhooks = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new();
    private X509Certificate2? _certificate;
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The same endpoints over TLS, with a self-signed certificate no client trusts.</summary>
    public Uri HttpsBaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    public Uri Url(string relative) => new(BaseUrl, relative);

    /// <summary>Completes when a request for <c>/slow/{id}</c> or <c>/hook-slow/{id}</c> has arrived.</summary>
    public Task Arrival(string id) => _arrivals.GetOrAdd(id, _ => NewSignal()).Task;

    public ReceivedWebhook? Webhook(string id) => _webhooks.GetValueOrDefault(id);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Kept until disposal: Kestrel reads the key at each handshake, not at start.
        var certificate = _certificate = SelfSignedCertificate();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Select(address => new Uri(address.EndsWith('/') ? address : address + "/")).ToList();
        BaseUrl = addresses.Single(address => address.Scheme == Uri.UriSchemeHttp);
        HttpsBaseUrl = addresses.Single(address => address.Scheme == Uri.UriSchemeHttps);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate?.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/file/report.pdf", () => Results.Bytes(Report, "application/pdf"));
        app.MapGet("/untyped/photo.png", async context =>
        {
            // No Content-Type at all, so the fetcher has to guess from the name.
            await context.Response.Body.WriteAsync(Report.AsMemory(0, 100), context.RequestAborted);
        });
        app.MapGet("/named", async context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"../../etc/evil name.txt\"";
            await context.Response.WriteAsync("named", context.RequestAborted);
        });
        app.MapGet("/redirect/{hops:int}", (int hops) =>
            Results.Redirect(hops <= 1 ? "/file/report.pdf" : $"/redirect/{hops - 1}"));
        app.MapGet("/redirect-to", (string target) => Results.Redirect(target));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/declared-large", async context =>
        {
            context.Response.ContentLength = 10_000_000;
            await WriteUntilAbortedAsync(context, 10_000_000);
        });
        app.MapGet("/endless", context => WriteUntilAbortedAsync(context, long.MaxValue));
        app.MapGet("/slow/{id}", async (HttpContext context, string id) =>
        {
            // Headers and a first piece go out, then the body stalls until the client gives up.
            await context.Response.Body.WriteAsync(Report.AsMemory(0, 10), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            Signal(id);
            await WaitForAbortAsync(context);
        });
        app.MapPost("/hook/{id}/{code:int}", async (HttpContext context, string id, int code) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _webhooks[id] = new ReceivedWebhook(headers, body.ToArray());
            return code is >= 300 and < 400 ? Results.Redirect($"/hook/{id}-redirected/200") : Results.StatusCode(code);
        });
        app.MapPost("/hook-slow/{id}", async (HttpContext context, string id) =>
        {
            Signal(id);
            await WaitForAbortAsync(context);
        });
    }

    private void Signal(string id) => _arrivals.GetOrAdd(id, _ => NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task WaitForAbortAsync(HttpContext context)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (context.RequestAborted.Register(() => aborted.TrySetResult()))
        {
            await aborted.Task;
        }
    }

    private static async Task WriteUntilAbortedAsync(HttpContext context, long limit)
    {
        var chunk = new byte[16 * 1024];
        try
        {
            for (long sent = 0; sent < limit && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - sent)), context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client hung up, which is what these endpoints exist to provoke.
        }
        catch (IOException)
        {
            // Same: the connection was reset mid-write.
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    private static byte[] MakeReport()
    {
        var bytes = new byte[200_000];
        new Random(42).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }
}
