using System.Text.Json.Nodes;
using Docket.Tools;

namespace Docket.Engine.Agents;

/// <summary>
/// How a built-in agent that is one tool runs: its arguments come from the config's keys of the
/// same names (the SDKs send no tool arguments, so <c>config.count</c> and the like are the way
/// to set them), the file from the input named after the tool's file argument or the only file
/// input; its result is the response, with artifacts placed where the response schema asks.
/// </summary>
internal static class ToolAgentRun
{
    public static async Task<AgentResult> RunAsync(ITool tool, AgentRunContext run, ToolOptions options, string fileArgument, string elementType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var arguments = new JsonObject();
        var parameters = tool.Parameters["properties"] as JsonObject ?? [];
        foreach (var (name, _) in parameters)
        {
            if (name != fileArgument && run.Config[name] is { } value)
            {
                arguments[name] = value.DeepClone();
            }
        }

        if (fileArgument.Length > 0 && run.Inputs.Any(i => i.Name == fileArgument && i.Kind == InputKind.File))
        {
            arguments[fileArgument] = fileArgument;
        }

        var context = new ToolContext(run, options);
        var response = await tool.RunAsync(context, arguments, cancellationToken).ConfigureAwait(false);
        return new AgentResult(ArtifactFields.Place(response, run.JsonSchema))
        {
            ElementsProcessed = 1,
            ElementType = elementType,
        };
    }
}
