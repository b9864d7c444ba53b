using System.Text.Json.Nodes;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>How the image tools read their image argument and store what they make.</summary>
internal static class ImageIo
{
    /// <summary>Decodes the file the <c>image</c> argument names.</summary>
    public static Mat Load(ToolContext context, JsonObject arguments, ImageToolOptions options, out ToolFile file)
    {
        file = context.ResolveFile(arguments["image"], "image");
        return ImageFile.Read(file.Path, options.MaxPixels, file.FileName);
    }

    /// <summary>Stores <paramref name="image"/> as a PNG artifact named after its source and returns its id.</summary>
    public static async Task<string> SaveAsync(ToolContext context, Mat image, ToolFile source, string suffix, CancellationToken cancellationToken)
    {
        var path = context.NewPath(".png");
        ImageFile.WritePng(image, path);
        return await context.AddArtifactAsync("img", "image/png", path, $"{Stem(source)}-{suffix}.png", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The usual result of a tool that makes one image: its id and size.</summary>
    public static JsonObject Result(string id, Mat image) => new()
    {
        ["image"] = id,
        ["width"] = image.Width,
        ["height"] = image.Height,
    };

    private static string Stem(ToolFile file)
    {
        var stem = Path.GetFileNameWithoutExtension(file.FileName);
        return stem.Length == 0 ? "image" : stem;
    }
}
