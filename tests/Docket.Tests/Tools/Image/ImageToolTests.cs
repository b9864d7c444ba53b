using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Tools;
using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Tests.Tools.Image;

/// <summary>The image tools on real files, checked on the bytes they write.</summary>
public sealed class ImageToolTests : IDisposable
{
    private readonly List<ToolHarness> _harnesses = [];

    [Theory]
    [InlineData("messi5.jpg")]
    [InlineData("basketball1.png")]
    [InlineData("basketball2.png")]
    [InlineData("face_swapped.jpg")]
    public async Task BlurFaces_CorpusPhoto_HidesEachFace_AndLeavesEveryOtherPixelAsItWas(string name)
    {
        var harness = Harness(("image", MediaCorpus.PathOf(name)));

        var result = await ImageTools.BlurFaces.RunAsync(harness.Context, [], CancellationToken.None);

        var id = result["image"]!.GetValue<string>();
        Assert.Matches("^img_[0-9a-f]{6}$", id);
        Assert.Equal("image/png", harness.ContentTypeOf(id));
        var boxes = result["faces"]!.AsArray().Select(f => BlurCheck.Box(f!)).ToList();
        foreach (var (x, y) in MediaCorpus.FaceCentres[name])
        {
            Assert.Contains(boxes, b => b.Contains(x, y));
        }

        Assert.All(result["faces"]!.AsArray(), f => Assert.InRange(f!["confidence"]!.GetValue<double>(), 0.5, 1));
        BlurCheck.AssertFacesHidden(MediaCorpus.PathOf(name), await File.ReadAllBytesAsync(harness.PathOf(id)), boxes);
    }

    [Fact]
    public async Task BlurFaces_TwiceOnTheSamePhoto_GivesTheSameIdAndBytes()
    {
        var first = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));
        var second = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));

        var a = await ImageTools.BlurFaces.RunAsync(first.Context, [], CancellationToken.None);
        var b = await ImageTools.BlurFaces.RunAsync(second.Context, [], CancellationToken.None);

        Assert.Equal(a.ToJsonString(), b.ToJsonString());
        Assert.Equal(await File.ReadAllBytesAsync(first.PathOf(a["image"]!.GetValue<string>())), await File.ReadAllBytesAsync(second.PathOf(b["image"]!.GetValue<string>())));
    }

    [Fact]
    public async Task BlurRegions_Pixelate_MakesBlocksOfOneColour_FromTheFacesDetectFacesReturns()
    {
        var harness = Harness(("photo", MediaCorpus.PathOf("face_swapped.jpg")));
        var faces = await ImageTools.DetectFaces.RunAsync(harness.Context, new JsonObject { ["image"] = "photo" }, CancellationToken.None);

        var result = await new BlurRegionsTool(ImageTools.Options).RunAsync(
            harness.Context,
            new JsonObject { ["image"] = "photo", ["boxes"] = faces["faces"]!.DeepClone(), ["method"] = "pixelate", ["cell"] = 16 },
            CancellationToken.None);

        var box = BlurCheck.Box(Assert.Single(faces["faces"]!.AsArray())!);
        using var output = Cv2.ImRead(harness.PathOf(result["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        using var block = new Mat(output, new Rect(box.X, box.Y, 16, 16));
        Cv2.MeanStdDev(block, out _, out var deviation);
        Assert.Equal(0, deviation.Val0 + deviation.Val1 + deviation.Val2);
        Assert.Equal(1, result["regions"]!.GetValue<int>());
        BlurCheck.AssertFacesHidden(MediaCorpus.PathOf("face_swapped.jpg"), await File.ReadAllBytesAsync(harness.PathOf(result["image"]!.GetValue<string>())), [box], varianceDrops: false);
    }

    [Fact]
    public async Task Crop_CopiesTheBoxesPixelsExactly_ClippedToTheImage()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("basketball1.png")));

        var result = await new CropTool(ImageTools.Options).RunAsync(harness.Context, new JsonObject { ["box"] = new JsonArray(600, 400, 700, 500) }, CancellationToken.None);

        using var original = Cv2.ImRead(MediaCorpus.PathOf("basketball1.png"), ImreadModes.Unchanged);
        using var cropped = Cv2.ImRead(harness.PathOf(result["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        Assert.Equal((40, 80), (cropped.Width, cropped.Height));
        using var expected = new Mat(original, new Rect(600, 400, 40, 80));
        Assert.Equal(0, Cv2.Norm(expected, cropped, NormTypes.L1));
    }

    [Fact]
    public async Task Crop_BoxOutsideTheImage_IsInvalidInput()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("face_swapped.jpg")));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() =>
            new CropTool(ImageTools.Options).RunAsync(harness.Context, new JsonObject { ["box"] = new JsonArray(400, 400, 500, 500) }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("outside the 320x320 image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_WidthAlone_KeepsTheAspectRatio()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));

        var result = await new ResizeTool(ImageTools.Options).RunAsync(harness.Context, new JsonObject { ["width"] = 274 }, CancellationToken.None);

        using var resized = Cv2.ImRead(harness.PathOf(result["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        Assert.Equal((274, 171), (resized.Width, resized.Height));
        Assert.Equal((274, 171), (result["width"]!.GetValue<int>(), result["height"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Rotate_QuarterTurn_MovesPixelsExactly_AndOtherAnglesGrowTheCanvas()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));
        var tool = new RotateTool(ImageTools.Options);

        var quarter = await tool.RunAsync(harness.Context, new JsonObject { ["angle"] = 90 }, CancellationToken.None);
        var tilted = await tool.RunAsync(harness.Context, new JsonObject { ["angle"] = 30 }, CancellationToken.None);

        using var original = Cv2.ImRead(MediaCorpus.PathOf("messi5.jpg"), ImreadModes.Unchanged);
        using var turned = Cv2.ImRead(harness.PathOf(quarter["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        Assert.Equal((342, 548), (turned.Width, turned.Height));
        Assert.Equal(original.At<Vec3b>(0, 0), turned.At<Vec3b>(0, 341));
        Assert.Equal(original.At<Vec3b>(341, 547), turned.At<Vec3b>(547, 0));
        Assert.Equal((646, 571), (tilted["width"]!.GetValue<int>(), tilted["height"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Deskew_PageTurnedFourDegrees_IsTurnedBack()
    {
        using var page = Cv2.ImRead(await ImageTools.InvoicePageAsync(), ImreadModes.Unchanged);
        using var tilted = RotateClockwise(page, 4);
        var path = Path.Combine(Directory.CreateTempSubdirectory("docket-deskew-").FullName, "tilted.png");
        Cv2.ImWrite(path, tilted);
        var harness = Harness(("scan", path));

        var result = await new DeskewTool(ImageTools.Options).RunAsync(harness.Context, [], CancellationToken.None);

        Assert.InRange(result["angle"]!.GetValue<double>(), -4.3, -3.7);
        Assert.Equal(0, DeskewTool.Measure(page, 15));
    }

    [Fact]
    public async Task Grayscale_WritesOneChannel_WithOpenCvsWeights()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));

        var result = await new GrayscaleTool(ImageTools.Options).RunAsync(harness.Context, [], CancellationToken.None);

        using var gray = Cv2.ImRead(harness.PathOf(result["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        using var expected = Cv2.ImRead(MediaCorpus.PathOf("messi5.jpg"), ImreadModes.Color).CvtColor(ColorConversionCodes.BGR2GRAY);
        Assert.Equal(1, gray.Channels());
        Assert.Equal(0, Cv2.Norm(expected, gray, NormTypes.L1));
    }

    [Fact]
    public async Task Thumbnail_AsJpeg_FitsTheSquare()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("messi5.jpg")));

        var result = await new ThumbnailTool(ImageTools.Options).RunAsync(harness.Context, new JsonObject { ["size"] = 100, ["format"] = "jpeg" }, CancellationToken.None);

        var id = result["image"]!.GetValue<string>();
        Assert.Equal("image/jpeg", harness.ContentTypeOf(id));
        var bytes = await File.ReadAllBytesAsync(harness.PathOf(id));
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        using var small = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        Assert.Equal((100, 62), (small.Width, small.Height));
    }

    [Fact]
    public async Task Annotate_DrawsTheBoxAndLabel_AndTouchesNothingFarFromThem()
    {
        var harness = Harness(("image", MediaCorpus.PathOf("basketball1.png")));
        var boxes = new JsonArray(new JsonObject { ["box"] = new JsonArray(50, 60, 150, 170), ["label"] = "face" });

        var result = await new AnnotateTool(ImageTools.Options).RunAsync(harness.Context, new JsonObject { ["boxes"] = boxes, ["thickness"] = 3 }, CancellationToken.None);

        using var original = Cv2.ImRead(MediaCorpus.PathOf("basketball1.png"), ImreadModes.Color);
        using var drawn = Cv2.ImRead(harness.PathOf(result["image"]!.GetValue<string>()), ImreadModes.Unchanged);
        Assert.Equal(3, drawn.Channels());
        Assert.Equal(new Vec3b(0, 0, 255), drawn.At<Vec3b>(120, 50));
        Assert.Equal(new Vec3b(0, 0, 255), drawn.At<Vec3b>(170, 100));
        using var inside = new Mat(drawn, new Rect(60, 70, 80, 90));
        using var before = new Mat(original, new Rect(60, 70, 80, 90));
        Assert.Equal(0, Cv2.Norm(before, inside, NormTypes.L1));
        using var far = new Mat(drawn, new Rect(300, 200, 300, 280));
        using var farBefore = new Mat(original, new Rect(300, 200, 300, 280));
        Assert.Equal(0, Cv2.Norm(farBefore, far, NormTypes.L1));
    }

    [Fact]
    public async Task Ocr_ScannedInvoice_ReadsItsLinesWithWordBoxes()
    {
        var harness = Harness(("scan", await ImageTools.InvoicePageAsync()));

        var result = await ImageTools.OcrTool.RunAsync(harness.Context, [], CancellationToken.None);

        var text = result["text"]!.GetValue<string>();
        Assert.Contains("INV-2024-0042", text, StringComparison.Ordinal);
        Assert.Contains("Northwind Traders", text, StringComparison.Ordinal);
        var word = result["lines"]!.AsArray().SelectMany(l => l!["words"]!.AsArray()).First(w => w!["text"]!.GetValue<string>() == "Northwind")!;
        var box = BlurCheck.Box(word);
        Assert.InRange(box.Width, 60, 200);
        Assert.InRange(box.Height, 10, 40);
        Assert.Equal((1240, 1755), (result["width"]!.GetValue<int>(), result["height"]!.GetValue<int>()));
    }

    [Fact]
    public async Task RedactText_Pattern_CoversTheMatch_SoOcrNoLongerReadsIt_AndLeavesTheRest()
    {
        var page = await ImageTools.InvoicePageAsync();
        var harness = Harness(("scan", page));

        var result = await ImageTools.RedactText.RunAsync(harness.Context, new JsonObject { ["patterns"] = new JsonArray(@"INV-\d{4}-\d{4}"), ["text"] = new JsonArray("northwind traders") }, CancellationToken.None);

        var redactions = result["redactions"]!.AsArray();
        Assert.Equal(["INV-2024-0042", "Northwind Traders"], redactions.Select(r => r!["text"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var output = harness.PathOf(result["image"]!.GetValue<string>());
        using var redacted = Cv2.ImRead(output, ImreadModes.Unchanged);
        foreach (var redaction in redactions)
        {
            using var region = new Mat(redacted, BlurCheck.Box(redaction!));
            Assert.Equal(0, Cv2.Norm(region, NormTypes.L1));
        }

        var again = Harness(("scan", output));
        var reread = (await ImageTools.OcrTool.RunAsync(again.Context, [], CancellationToken.None))["text"]!.GetValue<string>();
        Assert.DoesNotContain("INV-2024", reread, StringComparison.Ordinal);
        Assert.DoesNotContain("Northwind", reread, StringComparison.Ordinal);
        Assert.Contains("ACME Office Supplies", reread, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedactText_BadPattern_IsInvalidInputNamingIt()
    {
        var harness = Harness(("scan", await ImageTools.InvoicePageAsync()));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() =>
            ImageTools.RedactText.RunAsync(harness.Context, new JsonObject { ["patterns"] = new JsonArray("(unclosed") }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("(unclosed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyTool_OnAFileThatIsNoImage_IsInvalidInput()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("docket-not-image-").FullName, "notes.png");
        await File.WriteAllTextAsync(path, "not an image at all");
        var harness = Harness(("image", path));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ImageTools.BlurFaces.RunAsync(harness.Context, [], CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Contains("notes.png", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    private static Mat RotateClockwise(Mat image, double degrees)
    {
        using var matrix = Cv2.GetRotationMatrix2D(new Point2f(image.Width / 2f, image.Height / 2f), -degrees, 1.0);
        var turned = new Mat();
        Cv2.WarpAffine(image, turned, matrix, image.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(255));
        return turned;
    }

    private ToolHarness Harness(params (string Name, string Path)[] files)
    {
        var harness = new ToolHarness(files.Select(f => ToolHarness.File(f.Name, f.Path)));
        _harnesses.Add(harness);
        return harness;
    }
}
