using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary><c>image.detect_faces</c>: the faces of an image, each a box and a confidence.</summary>
public sealed class DetectFacesTool(FaceDetector detector, IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.detect_faces";

    public string Toolset => "image";

    public string Description => "Finds the faces in an image: each a box [left, top, right, bottom] in pixels (covering forehead to chin), a confidence from 0 to 1 and whether it is seen frontal or in profile.";

    public JsonObject Parameters => ImageSchema.Properties();

    public Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        using var image = ImageIo.Load(context, arguments, options.Value, out _);
        var faces = detector.Detect(image);
        return Task.FromResult(new JsonObject
        {
            ["faces"] = new JsonArray([.. faces.Select(f => (JsonNode)new JsonObject
            {
                ["box"] = ImageSchema.ToJson(f.Box),
                ["confidence"] = f.Confidence,
                ["kind"] = f.Kind,
            })]),
            ["width"] = image.Width,
            ["height"] = image.Height,
        });
    }
}
