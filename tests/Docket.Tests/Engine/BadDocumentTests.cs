using System.Text.Json.Nodes;
using Docket.Tests.Support;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Engine;

/// <summary>
/// Broken, hostile and huge documents through the API and the real worker (with OCR): each
/// execution fails with a clear <c>invalid_input</c> naming the file, or completes within the
/// limits, and the worker goes on to run the next execution.
/// </summary>
public sealed class BadDocumentTests : IAsyncLifetime
{
    private DocketTestServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await DocketTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TruncatedPdf_FailsAsInvalidInput()
    {
        var pdf = TestDocuments.Pdf(["Invoice INV-7", "Total 12.00"]);

        var error = await FailAsync(pdf[..(pdf.Length / 2)], "cut.pdf");

        Assert.StartsWith("cut.pdf is not a readable PDF", error, StringComparison.Ordinal);
        await AssertWorkerStillRunsAsync();
    }

    [Fact]
    public async Task EncryptedPdf_FailsAsInvalidInputAskingForACopyWithoutPassword()
    {
        var error = await FailAsync(TestDocuments.Encrypted(TestDocuments.Pdf(["Confidential"])), "locked.pdf");

        Assert.Equal("locked.pdf is encrypted and needs a password to open; upload a copy without a password.", error);
    }

    [Fact]
    public async Task ZeroByteFile_FailsAsInvalidInputSayingItIsEmpty()
    {
        var error = await FailAsync([], "empty.pdf");

        Assert.Equal("empty.pdf is empty (0 bytes).", error);
    }

    [Theory]
    [InlineData(3000, 3000, 10, 10)]
    [InlineData(10, 10, 600, 600)]
    public async Task PngWhoseHeaderLiesAboutItsSize_FailsAsInvalidInput(int width, int height, int dataWidth, int dataHeight)
    {
        var error = await FailAsync(TestImages.WhitePng(width, height, dataWidth, dataHeight), "liar.png");

        Assert.Equal("liar.png is not a readable image: its data is damaged, cut short or does not match its header.", error);
        await AssertWorkerStillRunsAsync();
    }

    [Fact]
    public async Task ImageOf40000By40000Pixels_IsRefusedBeforeDecoding()
    {
        var png = TestImages.WhitePng(40_000, 40_000, 40_000, 40_000);
        Assert.InRange(png.Length, 1, 4 * 1024 * 1024);

        var error = await FailAsync(png, "huge.png");

        Assert.Equal("huge.png is 40000×40000 pixels; images of at most 80000000 pixels are read.", error);
        await AssertWorkerStillRunsAsync();
    }

    [Fact]
    public async Task PdfOf2000Pages_IsReadWithinTheLimits()
    {
        var pdf = PagesPdf(2000);
        Assert.InRange(pdf.Length, 1, 4 * 1024 * 1024);
        var file = await Client.UploadAsync(pdf, "long.pdf", "application/pdf");

        var done = await Client.WaitAsync(await Client.ExecuteAsync(Parse(file)), seconds: 600);

        Assert.True(done["status"]!.GetValue<string>() == "completed", done.ToJsonString());
        var pages = done["response"]!["pages"]!.AsArray();
        Assert.Equal(2000, pages.Count);
        Assert.Equal("Page 1 of 2000", pages[0]!["text"]!.GetValue<string>());
        Assert.Equal("Page 2000 of 2000", pages[1999]!["text"]!.GetValue<string>());
    }

    /// <summary>Runs document/parse on the bytes; the execution must fail as invalid input. Its error message.</summary>
    private async Task<string> FailAsync(byte[] bytes, string name)
    {
        var file = await Client.UploadAsync(bytes, name);
        var done = await Client.WaitAsync(await Client.ExecuteAsync(Parse(file)), seconds: 120);

        Assert.True(done["status"]!.GetValue<string>() == "failed", done.ToJsonString());
        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        return done["error"]!["message"]!.GetValue<string>();
    }

    private async Task AssertWorkerStillRunsAsync()
    {
        var file = await Client.UploadAsync(TestDocuments.Pdf(["Still here"]), "ok.pdf", "application/pdf");
        var done = await Client.WaitAsync(await Client.ExecuteAsync(Parse(file)), seconds: 60);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("Still here", done["response"]!["pages"]![0]!["text"]!.GetValue<string>());
    }

    private static string Parse(JsonObject file) => new JsonObject
    {
        ["name"] = "document/parse",
        ["inputs"] = new JsonObject { ["doc"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
    }.ToJsonString();

    private static byte[] PagesPdf(int count)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 1; i <= count; i++)
        {
            builder.AddPage(PageSize.A4).AddText($"Page {i} of {count}", 12, new PdfPoint(72, 760), font);
        }

        return builder.Build();
    }
}
