namespace Docket.Tools;

/// <summary>A file a tool reads: an execution input or an artifact made earlier in the same attempt.</summary>
public sealed record ToolFile(string Path, string FileName, string? ContentType);
