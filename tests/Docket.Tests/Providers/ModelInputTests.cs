using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;
using OpenCvSharp;

namespace Docket.Tests.Providers;

/// <summary>What the model is shown of each kind of input.</summary>
public sealed class ModelInputTests
{
    private static readonly Dictionary<string, string> Vision = new() { ["Vision"] = "true", ["MaxImageSide"] = "256" };

    [Fact]
    public async Task Image_GoesToAVisionModelAsADataUrl_ScaledToTheMaxSide()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("a picture"));
        await using var docket = await ProviderHost.StartAsync(fake, Vision);
        var upload = await docket.Client.UploadAsync(StampTool.Png(1000, 500, 3), "wide.png", "image/png");

        var id = await docket.Client.ExecuteAsync($$$"""
            {"model":"fake","inputs":{"image":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"What is it?"}}
            """);
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("image", done["usage"]!["element_type"]!.GetValue<string>());
        var parts = Assert.Single(fake.Requests).Body["messages"]![1]!["content"]!.AsArray();
        Assert.Equal("Input \"image\" (wide.png, image):", parts[1]!["text"]!.GetValue<string>());
        Assert.Equal("image_url", parts[2]!["type"]!.GetValue<string>());
        var (mediaType, width, height) = Picture(parts[2]!["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal(("image/png", 256, 128), (mediaType, width, height));

        // The recording keeps the picture's digest, not its bytes.
        var (_, calls) = await docket.Client.GetJsonAsync($"agent/executions/{id}/calls");
        var recorded = calls![0]!["request"]!["messages"]![1]!["content"]![2]!["image_url"]!["url"]!.GetValue<string>();
        Assert.Matches("^data:image/png;sha256=[0-9a-f]{64};bytes=[0-9]+$", recorded);
        Assert.Equal(64, calls[0]!["request_sha256"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Pdf_GoesAsItsLayoutWithBoxes_PlusPagePicturesForVisionModels()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("two pages"), Reply.Content("text only"));
        await using var vision = await ProviderHost.StartAsync(fake, Vision);
        var pdf = TestDocuments.Pdf(["Invoice INV-7", "Total 42.00"], ["Page two text"]);
        var upload = await vision.Client.UploadAsync(pdf, "doc.pdf", "application/pdf");

        await vision.Client.WaitAsync(await vision.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"doc":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"p"}}"""));
        var parts = fake.Requests[0].Body["messages"]![1]!["content"]!.AsArray();

        var layout = parts[1]!["text"]!.GetValue<string>();
        Assert.StartsWith("Input \"doc\" (doc.pdf, 2 page(s)). Lines are tagged [page.line]", layout, StringComparison.Ordinal);
        Assert.Matches(@"\[1\.1\] \(\d+, \d+, \d+, \d+\) Invoice INV-7", layout);
        Assert.Matches(@"\[2\.1\] \(\d+, \d+, \d+, \d+\) Page two text", layout);
        Assert.Equal(["text", "text", "text", "image_url", "text", "image_url"], parts.Select(p => p!["type"]!.GetValue<string>()));
        Assert.Equal("Page 2 as a picture:", parts[4]!["text"]!.GetValue<string>());
        var (_, width, height) = Picture(parts[5]!["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal(256, Math.Max(width, height));

        await using var textOnly = await ProviderHost.StartAsync(fake);
        var again = await textOnly.Client.UploadAsync(pdf, "doc.pdf", "application/pdf");
        await textOnly.Client.WaitAsync(await textOnly.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"doc":{"type":"input_file","file_id":"{{{again["id"]}}}"}},"config":{"prompt":"p"}}"""));
        Assert.Equal(["text", "text"], fake.Requests[1].Body["messages"]![1]!["content"]!.AsArray().Select(p => p!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Video_GoesAsFramesSampledEvenly()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("people walking"));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Vision"] = "true", ["MaxImageSide"] = "320", ["VideoFrames"] = "3" });
        var video = await File.ReadAllBytesAsync(Path.Combine(TestDocuments.SharedCorpus, "media", "vtest.avi"));
        var upload = await docket.Client.UploadAsync(video, "vtest.avi", "video/x-msvideo");

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"clip":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"What happens?"}}"""), 120);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("video", done["usage"]!["element_type"]!.GetValue<string>());
        var parts = Assert.Single(fake.Requests).Body["messages"]![1]!["content"]!.AsArray();
        var frames = parts.Where(p => p!["type"]!.GetValue<string>() == "image_url").Select(p => Picture(p!["image_url"]!["url"]!.GetValue<string>())).ToList();
        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Equal(320, Math.Max(f.Width, f.Height)));
        var times = parts.Select(p => p!["text"]?.GetValue<string>()).Where(t => t?.StartsWith("Frame at ", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(3, times.Count);
        Assert.NotEqual(times[0], times[2]);
    }

    [Fact]
    public async Task Video_OnAProviderWithoutVision_FailsAsInvalidInput()
    {
        await using var fake = await FakeModelServer.StartAsync();
        await using var docket = await ProviderHost.StartAsync(fake);
        var upload = await docket.Client.UploadAsync(new byte[] { 0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }, "clip.mp4", "video/mp4");

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"clip":{"type":"input_file","file_id":"{{{upload["id"]}}}"}},"config":{"prompt":"p"}}"""));

        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("has no vision", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Grounding_MapsTheModelsValuesBackToPageBoxes()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("""{"invoice_number":"INV-7","total":42,"note":"not in the document"}"""));
        await using var docket = await ProviderHost.StartAsync(fake);
        var upload = await docket.Client.UploadAsync(TestDocuments.Pdf(["Invoice INV-7", "Total 42.00"]), "doc.pdf", "application/pdf");

        var done = await docket.Client.WaitAsync(await docket.Client.ExecuteAsync("""
            {"model":"fake","inputs":{"doc":{"type":"input_file","file_id":"FILE"}},
             "config":{"grounding":true,"json_schema":{"type":"object","properties":{"invoice_number":{"type":"string"},"total":{"type":"number"},"note":{"type":"string"}}}}}
            """.Replace("FILE", upload["id"]!.GetValue<string>(), StringComparison.Ordinal)));

        var grounding = done["grounding"]!.AsObject();
        Assert.Equal(["/invoice_number", "/total"], grounding.Select(g => g.Key));
        Assert.Equal(1, grounding["/invoice_number"]!["page"]!.GetValue<int>());
        Assert.Equal("INV-7", grounding["/invoice_number"]!["text"]!.GetValue<string>());
        Assert.Equal("42.00", grounding["/total"]!["text"]!.GetValue<string>());
        var box = grounding["/total"]!["box"]!.AsArray().Select(b => b!.GetValue<double>()).ToList();
        Assert.True(box[0] < box[2] && box[1] < box[3] && box.All(v => v is >= 0 and <= 1), string.Join(",", box));
    }

    private static (string MediaType, int Width, int Height) Picture(string dataUrl)
    {
        var comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
        Assert.StartsWith("data:", dataUrl, StringComparison.Ordinal);
        Assert.EndsWith(";base64", dataUrl[..comma], StringComparison.Ordinal);
        using var image = Cv2.ImDecode(Convert.FromBase64String(dataUrl[(comma + 1)..]), ImreadModes.Unchanged);
        return (dataUrl[5..comma].Replace(";base64", string.Empty, StringComparison.Ordinal), image.Width, image.Height);
    }
}
