using System.Text.Json.Nodes;

namespace Docket.Tools;

/// <summary>
/// One tool of a toolset (<c>image.blur_faces</c>, <c>video.trim</c>, …): typed arguments described
/// by a JSON Schema, a JSON result. Built-in agents call tools directly; <c>config.steps</c>
/// pipelines and model tool-calling reach them by name through <see cref="ToolCatalog"/>.
/// </summary>
public interface ITool
{
    /// <summary><c>toolset.verb</c>, lower case with underscores: <c>image.blur_faces</c>.</summary>
    string Name { get; }

    /// <summary>One of <see cref="Executions.Toolsets.Known"/>; a tool runs only where its toolset is allowed.</summary>
    string Toolset { get; }

    string Description { get; }

    /// <summary>
    /// JSON Schema (type object) of the arguments. File arguments are strings naming an input or
    /// an earlier artifact (see <see cref="ToolContext.ResolveFile"/>).
    /// </summary>
    JsonObject Parameters { get; }

    /// <summary>
    /// Runs the tool. Expected failures throw <see cref="Engine.ExecutionFailedException"/>
    /// (<c>invalid_input</c> for bad arguments or files, <c>tool_error</c> for a failing program).
    /// </summary>
    Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken);
}
