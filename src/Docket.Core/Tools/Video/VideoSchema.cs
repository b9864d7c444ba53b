using System.Text.Json.Nodes;

namespace Docket.Tools.Video;

/// <summary>The argument schemas the video tools share.</summary>
internal static class VideoSchema
{
    public static JsonObject FileArgument => new()
    {
        ["type"] = "string",
        ["description"] = "The video: an input name or an earlier artifact id (vid_…); the only file input when left out.",
    };

    public static JsonObject Width => new()
    {
        ["type"] = "integer", ["minimum"] = 16, ["maximum"] = 4096,
        ["description"] = "Scale images down to this width, keeping the aspect ratio (never up).",
    };

    public static JsonObject ImageFormat => new()
    {
        ["type"] = "string", ["enum"] = new JsonArray("png", "jpeg"), ["default"] = "png",
    };
}
