using System.Net;
using Docket.Tests.Tools.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docket.Tests.Tools.Web;

/// <summary>A small web site on 127.0.0.1 for the web toolset: an HTML page, a PNG, a redirect to the page.</summary>
public sealed class WebPageServer : IAsyncLifetime
{
    public const string Page = """
        <!doctype html>
        <html><head><title>Docket &amp; the  web</title><style>p { color: red }</style>
        <script>var secret = "not text";</script></head>
        <body><h1>Opening hours</h1><p>Monday to Friday, 9:00 to 17:00.</p>
        <ul><li>Closed on public holidays</li></ul></body></html>
        """;

    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/page.html", () => Results.Text(Page, "text/html; charset=utf-8"));
        _app.MapGet("/photo.png", () => Results.File(File.ReadAllBytes(MediaProbe.Corpus("basketball1.png")), "image/png"));
        _app.MapGet("/go", () => Results.Redirect("/page.html"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
