using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docket.Tests.Client;

/// <summary>A request a <see cref="ScriptedServer"/> received; <paramref name="Json"/> is its body when that was JSON.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At, string? Json);

/// <summary>
/// A tiny real Kestrel server on 127.0.0.1 whose answers a test scripts by request number
/// (1-based), for what a real Docket server does not do on demand: 429s, 503s, stalls.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _count;

    private ScriptedServer(WebApplication app) => _app = app;

    /// <summary>The API root to give a client, ending in <c>/v1</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, int, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref server._count);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
                ? await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)
                : null;
            server._received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, DateTimeOffset.UtcNow, json));
            await answer(context, number);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    public static Task JsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
