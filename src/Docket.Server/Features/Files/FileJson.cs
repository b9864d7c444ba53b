using System.Text.Json.Nodes;
using Docket.Files;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Files;

internal static class FileJson
{
    /// <summary>FileResponse: the SDKs' fields plus our md5, sha256 and content_type.</summary>
    public static JsonObject Response(FileRecord file) => new()
    {
        ["id"] = file.Id,
        ["filename"] = file.FileName,
        ["bytes"] = file.Bytes,
        ["purpose"] = file.Purpose,
        ["created_at"] = Wire.Time(file.CreatedAt),
        ["object"] = "file",
        ["public_url"] = null,
        ["md5"] = file.Md5,
        ["sha256"] = file.Sha256,
        ["content_type"] = file.ContentType,
    };
}
