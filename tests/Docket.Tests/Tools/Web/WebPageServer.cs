using Docket.Tests.Support;
using Docket.Tests.Tools.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        _app = LoopbackApp.CreateBuilder().Build();
        _app.MapGet("/page.html", () => Results.Text(Page, "text/html; charset=utf-8"));
        _app.MapGet("/photo.png", () => Results.File(File.ReadAllBytes(MediaProbe.Corpus("basketball1.png")), "image/png"));
        _app.MapGet("/go", () => Results.Redirect("/page.html"));
        BaseUrl = await LoopbackApp.StartAsync(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
