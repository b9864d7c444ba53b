using System.Text.Json.Nodes;
using Docket.Tools;
using OpenCvSharp;

namespace Docket.Tests.Providers;

/// <summary>
/// <c>core.test_stamp</c>, registered by the tool-loop tests only: reads a file argument, writes a
/// small PNG artifact and returns its id with the file's size, so the loop's plumbing is visible.
/// </summary>
public sealed class StampTool : ITool
{
    public string Name => "core.test_stamp";

    public string Toolset => "core";

    public string Description => "Stamps a label on a file and returns the stamped picture.";

    public JsonObject Parameters { get; } = JsonNode.Parse("""
        {"type":"object","properties":{"file":{"type":"string","description":"An input name or artifact id."},"label":{"type":"string"}},"required":["file","label"]}
        """)!.AsObject();

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        var file = context.ResolveFile(arguments["file"], "file");
        var label = arguments["label"]?.ToString() ?? string.Empty;
        var output = context.NewPath(".png");
        await File.WriteAllBytesAsync(output, Png(32, 16, (byte)label.Length), cancellationToken);
        var id = await context.AddArtifactAsync("img", "image/png", output, "stamp.png", cancellationToken);
        return new JsonObject { ["image"] = new JsonObject { ["id"] = id }, ["label"] = label, ["source_bytes"] = new FileInfo(file.Path).Length };
    }

    public static byte[] Png(int width, int height, byte shade)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(160, 90, shade));
        Cv2.ImEncode(".png", image, out var png);
        return png;
    }
}
