using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Tools;
using Docket.Tools.Viz;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>viz/chart</c> agent: draws the chart its input describes (a JSON input, a text
/// input holding JSON, or an uploaded .json file; see <see cref="ChartSpecReader"/>). Config keys
/// <c>type</c>, <c>title</c>, <c>x_label</c>, <c>y_label</c>, <c>width</c>, <c>height</c> and
/// <c>format</c> (png, svg or both) override the data's own.
/// </summary>
public sealed class VizChartAgent(ChartTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    private static readonly string[] ConfigKeys = ["type", "title", "x_label", "y_label", "width", "height", "format"];

    public string Name => "viz/chart";

    public string Description => "Draws a bar, line, pie or scatter chart from JSON data as a PNG image (and SVG on request).";

    public IReadOnlyList<string> Toolsets { get; } = ["viz"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = await ChartDataAsync(context, cancellationToken).ConfigureAwait(false);
        foreach (var key in ConfigKeys)
        {
            if (context.Config[key] is { } value)
            {
                arguments[key] = value.DeepClone();
            }
        }

        var response = await tool.RunAsync(new ToolContext(context, options.Value), arguments, cancellationToken).ConfigureAwait(false);
        return new AgentResult(ArtifactFields.Place(response, context.JsonSchema)) { ElementsProcessed = 1, ElementType = "image" };
    }

    private static async Task<JsonObject> ChartDataAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        foreach (var input in context.Inputs)
        {
            switch (input.Kind)
            {
                case InputKind.Json when input.Json is JsonObject data:
                    return data.DeepClone().AsObject();
                case InputKind.Text when Parse(input.Text, input.Name) is { } data:
                    return data;
                case InputKind.File when input.Path is not null:
                    if (new FileInfo(input.Path).Length > 64L << 20)
                    {
                        throw ExecutionFailedException.InvalidInput($"viz/chart: input '{input.Name}' is larger than 64 MiB of chart data.");
                    }

                    return Parse(await File.ReadAllTextAsync(input.Path, cancellationToken).ConfigureAwait(false), input.Name)
                        ?? throw ExecutionFailedException.InvalidInput($"viz/chart: input '{input.Name}' is not a JSON object describing a chart.");
                default:
                    continue;
            }
        }

        throw ExecutionFailedException.InvalidInput("viz/chart needs the chart's data as an input: a JSON object such as {\"type\": \"bar\", \"labels\": [...], \"series\": [{\"name\": ..., \"values\": [...]}]}.");
    }

    private static JsonObject? Parse(string? text, string name)
    {
        try
        {
            return JsonNode.Parse(text ?? string.Empty) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw ExecutionFailedException.InvalidInput($"viz/chart: input '{name}' is not valid JSON ({ex.Message}).");
        }
    }
}
