using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools.Core;

/// <summary>The document a core tool reads: a text input by its name, or a file (input or artifact) as <see cref="ToolContext.ResolveFile"/> finds it.</summary>
internal static class CoreInputs
{
    public static JsonObject DocumentArgument => new()
    {
        ["type"] = "string",
        ["description"] = "The document: an input name (a file or a text input) or an earlier artifact id; the only file input when left out.",
    };

    public static ExecutionInput Resolve(ToolContext context, JsonNode? argument)
    {
        if (argument is JsonValue v && v.TryGetValue<string>(out var name)
            && context.Run.Inputs.FirstOrDefault(i => i.Name == name && i.Kind == InputKind.Text) is { } text)
        {
            return text;
        }

        var file = context.ResolveFile(argument, "document");
        return new ExecutionInput("document", InputKind.File) { Path = file.Path, FileName = file.FileName, ContentType = file.ContentType };
    }
}
