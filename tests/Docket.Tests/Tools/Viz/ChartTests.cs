using System.Text.Json.Nodes;
using System.Xml.Linq;
using Docket.Engine;
using Docket.Tests.Contract;
using Docket.Tests.Support;
using Docket.Tools.Viz;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Docket.Tests.Tools.Viz;

/// <summary>viz/chart and viz.chart on their real output: PNG pixels and SVG markup.</summary>
public sealed class ChartTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Sales = """{"type": "bar", "title": "Sales by quarter", "labels": ["Q1", "Q2", "Q3", "Q4"], "series": [{"name": "North", "values": [12, 19, 7, 15]}, {"name": "South", "values": [8, 11, 14, null]}], "y_label": "units", "width": 640, "height": 400}""";

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Chart_Bar_GivesAPngOfTheAskedSize_InTheImageRefField_AndSvgWithTheSeries()
    {
        const string schema = """{"$defs": {"ImageRef": {"properties": {"id": {"pattern": "^img_\\w{6}$", "type": "string"}}, "required": ["id"], "title": "ImageRef", "type": "object"}}, "properties": {"chart": {"$ref": "#/$defs/ImageRef"}}, "type": "object"}""";

        var done = await RunAsync($$$"""{"name": "viz/chart", "inputs": {"data": {{{Sales}}}}, "config": {"format": "both", "json_schema": {{{schema}}}}}""");

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var response = done["response"]!;
        var id = response["chart"]!["id"]!.GetValue<string>();
        Assert.Equal(response["image"]!.GetValue<string>(), id);
        using var png = await DecodeAsync(done, id);
        Assert.Equal((640, 400), (png.Width, png.Height));
        // Each series' colour fills its bars: North has four, South three (its Q4 is a gap).
        Assert.True(Count(png, new SKColor(0x4E, 0x79, 0xA7)) > 2000, "no North bars");
        Assert.True(Count(png, new SKColor(0xF2, 0x8E, 0x2B)) > 1500, "no South bars");

        var svg = XDocument.Parse(response["svg"]!.GetValue<string>());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal("640", svg.Root.Attribute("width")!.Value);
        var texts = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("North", texts);
        Assert.Contains("South", texts);
        Assert.Contains("Sales by quarter", texts);
        Assert.Contains("Q3", texts);
        Assert.Equal(7, svg.Descendants(ns + "rect").Count(r => r.Attribute("fill")?.Value is "#4E79A7" or "#F28E2B") - 2);
    }

    [Fact]
    public async Task Chart_SameDataTwice_GivesTheSameBytes()
    {
        var first = await RunAsync($$$"""{"name": "viz/chart", "inputs": {"data": {{{Sales}}}}, "config": {"format": "both"}}""");
        var second = await RunAsync($$$"""{"name": "viz/chart", "inputs": {"data": {{{Sales}}}}, "config": {"format": "both", "seed": 7}}""");

        Assert.Equal(await BytesAsync(first, first["response"]!["image"]!.GetValue<string>()), await BytesAsync(second, second["response"]!["image"]!.GetValue<string>()));
        Assert.Equal(first["response"]!["svg"]!.GetValue<string>(), second["response"]!["svg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chart_WithAnUnknownType_FailsAsInvalidInputNamingIt()
    {
        var done = await RunAsync("""{"name": "viz/chart", "inputs": {"data": {"type": "donut", "values": [1, 2]}}}""");

        Assert.Equal("invalid_input", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("donut", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type": "pie", "labels": ["a", "b", "c"], "values": [50, 30, 20]}""", 0xE1, 0x57, 0x59)]
    [InlineData("""{"type": "line", "series": [{"name": "t", "points": [[3, 1], [0, 0], [1, 4], [2, 2]]}]}""", 0x4E, 0x79, 0xA7)]
    [InlineData("""{"type": "scatter", "series": [{"name": "a", "points": [[0, 0], [1, 1]]}, {"name": "b", "points": [{"x": 0.5, "y": 0.2}]}]}""", 0xF2, 0x8E, 0x2B)]
    public async Task ChartTool_EachKind_DrawsItsMarksInTheSeriesColours(string data, byte r, byte g, byte b)
    {
        using var harness = new ToolHarness([]);
        using var tool = new ChartTool(Options.Create(new VizOptions()));

        var result = await tool.RunAsync(harness.Context, JsonNode.Parse(data)!.AsObject(), CancellationToken.None);

        using var png = SKBitmap.Decode(await File.ReadAllBytesAsync(harness.PathOf(result["image"]!.GetValue<string>())));
        Assert.Equal((800, 500), (png.Width, png.Height));
        Assert.True(Count(png, new SKColor(r, g, b)) > 20, "the series colour is missing");
    }

    [Fact]
    public async Task ChartTool_WithoutItsFont_IsAToolErrorThatNamesThePackage()
    {
        using var harness = new ToolHarness([]);
        using var tool = new ChartTool(Options.Create(new VizOptions { FontFile = "/nonexistent/font.ttf" }));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => tool.RunAsync(harness.Context, JsonNode.Parse("""{"type": "bar", "values": [1]}""")!.AsObject(), CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("fonts-dejavu-core", error.Message, StringComparison.Ordinal);
    }

    private static int Count(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Red == color.Red && pixel.Green == color.Green && pixel.Blue == color.Blue)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private async Task<JsonObject> RunAsync(string request) => await Client.WaitAsync(await Client.ExecuteAsync(request), 60);

    private async Task<byte[]> BytesAsync(JsonObject execution, string objectId)
    {
        using var response = await Client.GetAsync($"artifacts?object_id={objectId}&execution_id={execution["id"]}");
        Assert.Equal("image/png", response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<SKBitmap> DecodeAsync(JsonObject execution, string objectId) =>
        SKBitmap.Decode(await BytesAsync(execution, objectId));
}
