using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Samples;
using Docket.Tests.Support;

namespace Docket.Tests.Dashboard;

/// <summary>The API extensions the dashboard reads: built-in agents, an execution's request, history and pages.</summary>
public sealed class DashboardApiTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Builtins_ListEveryBuiltInAgent_WithItsToolsets()
    {
        var (status, body) = await Client.GetJsonAsync("agent/builtins");

        Assert.Equal(200, status);
        var names = body!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("document/invoice", names);
        Assert.Contains("document/parse", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var invoice = body.AsArray().Single(a => a!["name"]!.GetValue<string>() == "document/invoice")!;
        Assert.Equal("document/invoice", invoice["id"]!.GetValue<string>());
        Assert.Contains("document", invoice["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));

        using var anonymous = _server.CreateClient(null);
        Assert.Equal(401, (await anonymous.GetJsonAsync("agent/builtins")).Status);
    }

    [Fact]
    public async Task Request_PostedAgain_RunsTheSameInputsAndConfig_WithTheSameFingerprint()
    {
        var file = await Client.UploadAsync(SampleInvoice.Build(), "invoice.pdf", "application/pdf");
        var fileId = file["id"]!.GetValue<string>();
        var dataUrl = "data:image/png;base64," + Convert.ToBase64String(TestPng.Create(2, 2));
        var id = await Client.ExecuteAsync($$$"""
            {"name":"test/echo","priority":"high","metadata":{"session_id":"s-1"},"config":{"seed":7},
             "inputs":{"doc":{"type":"input_file","file_id":"{{{fileId}}}"},"note":"plain words","pages":[{"type":"text","text":"one"},{"type":"text","text":"two"}],
                       "photo":{"type":"image_url","image_url":{"url":"{{{dataUrl}}}","detail":"auto"}},"options":{"depth":2} } }
            """);
        var first = await Client.WaitAsync(id);

        var (status, request) = await Client.GetJsonAsync($"agent/executions/{id}/request");

        Assert.Equal(200, status);
        Assert.Equal("test/echo", request!["name"]!.GetValue<string>());
        Assert.Equal("high", request["priority"]!.GetValue<string>());
        Assert.Equal(7, request["config"]!["seed"]!.GetValue<int>());
        Assert.Equal("s-1", request["metadata"]!["session_id"]!.GetValue<string>());
        var inputs = request["inputs"]!;
        Assert.Equal(fileId, inputs["doc"]!["file_id"]!.GetValue<string>());
        Assert.Equal("plain words", inputs["note"]!.GetValue<string>());
        Assert.Equal(["one", "two"], inputs["pages"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
        Assert.Equal(dataUrl, inputs["photo"]!["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal(2, inputs["options"]!["depth"]!.GetValue<int>());

        var again = await Client.ExecuteAsync(request.ToJsonString());
        var second = await Client.WaitAsync(again);
        Assert.NotEqual(id, again);
        Assert.Equal(first["fingerprint"]!.GetValue<string>(), second["fingerprint"]!.GetValue<string>());
        Assert.Equal("high", second["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_ListsEveryStatusChange_InOrder_WithTimes()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/noop"}""");
        await Client.WaitAsync(id);

        var (status, body) = await Client.GetJsonAsync($"agent/executions/{id}/history");

        Assert.Equal(200, status);
        var history = body!.AsArray();
        Assert.Equal(["pending", "running", "completed"], history.Select(e => e!["status"]!.GetValue<string>()));
        Assert.Equal([0, 1, 1], history.Select(e => e!["attempt"]!.GetValue<int>()));
        var times = history.Select(e => DateTimeOffset.Parse(e!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(404, (await Client.GetJsonAsync("agent/executions/exe_missing/history")).Status);
    }

    [Fact]
    public async Task Pages_RenderAPdfPage_AsPng_AndSendAnImageAsItIs()
    {
        var pdf = await Client.UploadAsync(SampleInvoice.Build(), "invoice.pdf", "application/pdf");
        var pngBytes = TestPng.Create(40, 30);
        var png = await Client.UploadAsync(pngBytes, "photo.png", "image/png");
        var id = await Client.ExecuteAsync($$$"""
            {"name":"test/echo","inputs":{"doc":{"type":"input_file","file_id":"{{{pdf["id"]}}}"},"photo":{"type":"input_file","file_id":"{{{png["id"]}}}"},"memo":"text input"}}
            """);
        await Client.WaitAsync(id);

        using var page = await Client.GetAsync($"agent/executions/{id}/pages/1");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("image/png", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("private", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var bytes = await page.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x89, bytes[0]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        Assert.InRange(width, 900, 920);   // A4 at 110 dpi: 8.27 in
        Assert.InRange(height, 1280, 1295);

        // The image input is page 2, sent unchanged; the text input is page 3 and has no picture.
        using var image = await Client.GetAsync($"agent/executions/{id}/pages/2");
        Assert.Equal("image/png", image.Content.Headers.ContentType!.ToString());
        Assert.Equal(pngBytes, await image.Content.ReadAsByteArrayAsync());
        var (textStatus, textProblem) = await Client.GetJsonAsync($"agent/executions/{id}/pages/3");
        Assert.Equal(422, textStatus);
        Assert.Equal("not_renderable", textProblem!["code"]!.GetValue<string>());
        var (beyondStatus, beyond) = await Client.GetJsonAsync($"agent/executions/{id}/pages/4");
        Assert.Equal(404, beyondStatus);
        Assert.Equal("page_not_found", beyond!["code"]!.GetValue<string>());
        Assert.Equal(400, (await Client.GetJsonAsync($"agent/executions/{id}/pages/0")).Status);
        Assert.Equal(400, (await Client.GetJsonAsync($"agent/executions/{id}/pages/1?dpi=5000")).Status);

        var other = await _server.CreateTenantClientAsync("dashboard-other");
        Assert.Equal(404, (await other.GetJsonAsync($"agent/executions/{id}/pages/1")).Status);
        Assert.Equal(404, (await other.GetJsonAsync($"agent/executions/{id}/request")).Status);
    }

    [Fact]
    public async Task FilePages_RenderEachPageOfAnUploadedPdf()
    {
        var pdf = await Client.UploadAsync(TestDocuments.Pdf(["first page"], ["second page"]), "two.pdf", "application/pdf");
        var id = pdf["id"]!.GetValue<string>();

        foreach (var number in new[] { 1, 2 })
        {
            using var page = await Client.GetAsync($"files/{id}/pages/{number}?dpi=50");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("image/png", page.Content.Headers.ContentType!.ToString());
            var bytes = await page.Content.ReadAsByteArrayAsync();
            Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(bytes, 1, 3));
        }

        var (status, problem) = await Client.GetJsonAsync($"files/{id}/pages/3");
        Assert.Equal(404, status);
        Assert.Equal("page_not_found", problem!["code"]!.GetValue<string>());
        var text = await Client.UploadAsync("just words"u8.ToArray(), "notes.txt", "text/plain");
        Assert.Equal(422, (await Client.GetJsonAsync($"files/{text["id"]}/pages/1")).Status);
        Assert.Equal(404, (await Client.GetJsonAsync("files/nope/pages/1")).Status);
    }

    [Fact]
    public async Task Pages_DrawnAtAGroundingBox_ShowTheValueThere()
    {
        var pdf = await Client.UploadAsync(SampleInvoice.Build(), "invoice.pdf", "application/pdf");
        var id = await Client.ExecuteAsync($$$"""{"name":"document/invoice","config":{"grounding":true},"inputs":{"file":{"type":"input_file","file_id":"{{{pdf["id"]}}}"} } }""");
        var done = await Client.WaitAsync(id);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("INV-2024-0042", done["response"]!["invoice_number"]!.GetValue<string>());

        var box = done["grounding"]!["/invoice_number"]!;
        Assert.Equal(1, box["page"]!.GetValue<int>());
        using var page = await Client.GetAsync($"agent/executions/{id}/pages/1");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);

        // The box is a fraction of the page: on the rendered page it lies in the top right, where
        // the sample invoice prints its number.
        var left = box["box"]![0]!.GetValue<double>();
        var top = box["box"]![1]!.GetValue<double>();
        Assert.InRange(left, 0.5, 1);
        Assert.InRange(top, 0, 0.2);
    }
}
