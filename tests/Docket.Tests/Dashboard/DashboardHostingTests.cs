using System.Net;
using System.Text.RegularExpressions;
using Docket.Tests.Support;

namespace Docket.Tests.Dashboard;

/// <summary>The dashboard's files as a browser fetches them: types, caching, security headers.</summary>
public sealed partial class DashboardHostingTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await DocketTestServer.StartAsync();
        _browser = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Root_ServesTheDashboardPage_WithoutAKey_RevalidatedEachTime()
    {
        using var response = await _browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Docket</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{version}}", html, StringComparison.Ordinal);
        Assert.Matches(AppScript(), html);
    }

    [Fact]
    public async Task Assets_HaveExactTypes_AndAreCachedForAYearUnderTheirVersion()
    {
        var html = await _browser.GetStringAsync("/");
        var version = AppScript().Match(html).Groups[1].Value;

        foreach (var (path, type) in new[] { ("app.js", "text/javascript; charset=utf-8"), ("views/executions.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8"), ("icon.svg", "image/svg+xml") })
        {
            using var response = await _browser.GetAsync($"/assets/{version}/{path}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.NotNull(response.Headers.ETag);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
        }

        // The module graph is complete: every relative import names a file that is served.
        var script = await _browser.GetStringAsync($"/assets/{version}/views/execution.js");
        foreach (Match import in ImportPath().Matches(script))
        {
            var target = new Uri(new Uri($"http://x/assets/{version}/views/"), import.Groups[1].Value).AbsolutePath;
            using var imported = await _browser.GetAsync(target);
            Assert.True(imported.StatusCode == HttpStatusCode.OK, $"{target} imported by views/execution.js answered {(int)imported.StatusCode}");
        }
    }

    [Fact]
    public async Task Assets_AnswerNotModified_ToTheirETag_And404ForUnknownFiles()
    {
        var html = await _browser.GetStringAsync("/");
        var version = AppScript().Match(html).Groups[1].Value;
        using var first = await _browser.GetAsync($"/assets/{version}/app.js");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/assets/{version}/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var revalidated = await _browser.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var missing = await _browser.GetAsync($"/assets/{version}/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var stale = await _browser.GetAsync("/assets/000000000000/app.js");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("no-cache", stale.Headers.CacheControl!.ToString());
    }

    [GeneratedRegex("""src="/assets/([0-9a-f]{12})/app\.js""")]
    private static partial Regex AppScript();

    [GeneratedRegex("""from '(\.{1,2}/[^']+)'""")]
    private static partial Regex ImportPath();
}
