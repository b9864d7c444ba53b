namespace Docket.Executions;

/// <summary>The toolsets of API.md.</summary>
public static class Toolsets
{
    public static readonly IReadOnlyList<string> Known = ["core", "image", "image-gen", "world-gen", "viz", "document", "video", "web"];

    /// <summary>The canonical name, accepting the SDKs' <c>world_gen</c> spelling; null for an unknown one.</summary>
    public static string? Normalize(string name) => name == "world_gen" ? "world-gen" : Known.Contains(name) ? name : null;
}
