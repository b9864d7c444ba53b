using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary>
/// <c>image.blur_faces</c>: the image with every face found blurred (or pixelated), as PNG of the
/// same size; every pixel outside the face boxes is left exactly as it was.
/// </summary>
public sealed class ImageBlurFacesTool(FaceDetector detector, IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.blur_faces";

    public string Toolset => "image";

    public string Description => "Finds the faces in an image and blurs (or pixelates) each one; returns the image as PNG of the same size, unchanged outside the face boxes, and the faces found.";

    public JsonObject Parameters => ImageSchema.Properties(("method", RegionMethod.MethodSchema), ("cell", RegionMethod.CellSchema));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var method = RegionMethod.Read(arguments, Name);
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        var faces = detector.Detect(image);
        foreach (var face in faces)
        {
            method.Apply(image, face.Box);
        }

        var id = await ImageIo.SaveAsync(context, image, file, "blurred", cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["image"] = id,
            ["faces"] = new JsonArray([.. faces.Select(f => (JsonNode)new JsonObject
            {
                ["box"] = ImageSchema.ToJson(f.Box),
                ["confidence"] = f.Confidence,
            })]),
        };
    }
}
