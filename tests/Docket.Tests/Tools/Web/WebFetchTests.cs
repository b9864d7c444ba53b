using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Readers;
using Docket.Inputs;
using Docket.Tests.Support;
using Docket.Tests.Tools.Video;
using Docket.Tools.Web;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Tools.Web;

/// <summary>web/fetch and web.fetch against a real web server on 127.0.0.1, with and without the guard's allow option.</summary>
public sealed class WebFetchTests(WebPageServer site) : IClassFixture<WebPageServer>
{
    [Fact]
    public async Task WebFetch_WhenPrivateUrlsAreAllowed_ReturnsThePagesTitleAndText()
    {
        await using var server = await DocketTestServer.StartAsync();

        var id = await server.Client.ExecuteAsync($$$"""{"name": "web/fetch", "inputs": {"url": "{{{site.BaseUrl}}}page.html"}}""");
        var done = await server.Client.WaitAsync(id, 60);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var page = done["response"]!["documents"]![0]!;
        Assert.Equal("url", page["input"]!.GetValue<string>());
        Assert.Equal("text/html", page["content_type"]!.GetValue<string>());
        Assert.Equal("Docket & the web", page["title"]!.GetValue<string>());
        var text = page["text"]!.GetValue<string>();
        Assert.Contains("Opening hours", text, StringComparison.Ordinal);
        Assert.Contains("Monday to Friday, 9:00 to 17:00.", text, StringComparison.Ordinal);
        Assert.Contains("Closed on public holidays", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("web", done["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task WebFetch_WhenPrivateUrlsAreNotAllowed_RefusesTheLoopbackAddress()
    {
        await using var server = await DocketTestServer.StartAsync(settings => settings.Configuration["Docket:Inputs:AllowPrivateUrls"] = "false");

        var id = await server.Client.ExecuteAsync($$$"""{"name": "web/fetch", "inputs": {"url": "{{{site.BaseUrl}}}page.html"}}""");
        var done = await server.Client.WaitAsync(id, 60);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("127.0.0.1", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchTool_FollowsARedirectToThePage_AndTakesAnImageAsAnArtifact()
    {
        using var harness = new ToolHarness([]);
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions { AllowPrivateUrls = true }));
        var tool = new FetchTool(fetcher, new DocumentReader(new ReaderLimits()));

        var page = await tool.RunAsync(harness.Context, new JsonObject { ["url"] = site.BaseUrl + "go" }, CancellationToken.None);
        var image = await tool.RunAsync(harness.Context, new JsonObject { ["url"] = site.BaseUrl + "photo.png" }, CancellationToken.None);

        Assert.Equal("Docket & the web", page["title"]!.GetValue<string>());
        Assert.Null(page["artifact"]);
        var id = image["artifact"]!.GetValue<string>();
        Assert.Equal("image/png", harness.ContentTypeOf(id));
        Assert.Equal(await File.ReadAllBytesAsync(MediaProbe.Corpus("basketball1.png")), await File.ReadAllBytesAsync(harness.PathOf(id)));
    }

    [Fact]
    public async Task FetchTool_WithTheGuardOn_RefusesLoopback_AndNonHttpUrls()
    {
        using var harness = new ToolHarness([]);
        using var fetcher = new UrlFetcher(Options.Create(new UrlFetchOptions()));
        var tool = new FetchTool(fetcher, new DocumentReader(new ReaderLimits()));

        var loopback = await Assert.ThrowsAsync<ExecutionFailedException>(() => tool.RunAsync(harness.Context, new JsonObject { ["url"] = site.BaseUrl + "page.html" }, CancellationToken.None));
        var file = await Assert.ThrowsAsync<ExecutionFailedException>(() => tool.RunAsync(harness.Context, new JsonObject { ["url"] = "file:///etc/passwd" }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, loopback.Code);
        Assert.Contains("loopback", loopback.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCodes.InvalidInput, file.Code);
        Assert.Contains("'url'", file.Message, StringComparison.Ordinal);
    }
}
