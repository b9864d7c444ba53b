using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Tools.Pipelines;

/// <summary>
/// Reads and checks <c>config.steps</c>, the declarative tool pipeline: a list of
/// <c>{"id": "faces", "tool": "image.detect_faces", "arguments": {…}}</c>. Argument values may
/// hold references, strings of their own: <c>$inputs.NAME</c> (a file input by name; the value of
/// a text or JSON input) and <c>$steps.ID</c> or <c>$steps.ID.PATH</c> (an earlier step's result,
/// or a part of it: property names and list indexes joined by dots, <c>*</c> for every item of a
/// list). <c>$$</c> starts a string that is no reference. The same check runs when the execution
/// is submitted (so a bad pipeline is a 400 naming its step) and when the worker runs it.
/// </summary>
public static partial class PipelinePlan
{
    public const int MaxSteps = 50;

    private static readonly HashSet<string> StepKeys = new(StringComparer.Ordinal) { "id", "tool", "arguments" };

    /// <summary>The steps, or the reason they cannot run, which names the step.</summary>
    public static (IReadOnlyList<PipelineStep>? Steps, string? Problem) Parse(JsonNode? node, ToolCatalog catalog, IReadOnlyCollection<string> toolsets, IReadOnlyCollection<string> inputNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(toolsets);
        ArgumentNullException.ThrowIfNull(inputNames);
        if (node is not JsonArray { Count: > 0 and <= MaxSteps } list)
        {
            return (null, $"'config.steps' must be a list of 1 to {MaxSteps} steps, each {{\"id\": …, \"tool\": …, \"arguments\": {{…}}}}.");
        }

        var steps = new List<PipelineStep>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var (step, problem) = ParseStep(list[i], i, catalog, toolsets, inputNames, ids);
            if (problem is not null)
            {
                return (null, problem);
            }

            steps.Add(step!);
            ids.Add(step!.Id);
        }

        return (steps, null);
    }

    /// <summary>How a step is named in messages: <c>config.steps[1] ('blur')</c>.</summary>
    public static string Describe(int index, string? id) =>
        id is null ? string.Create(CultureInfo.InvariantCulture, $"config.steps[{index}]") : string.Create(CultureInfo.InvariantCulture, $"config.steps[{index}] ('{id}')");

    private static (PipelineStep? Step, string? Problem) ParseStep(JsonNode? node, int index, ToolCatalog catalog, IReadOnlyCollection<string> toolsets, IReadOnlyCollection<string> inputNames, HashSet<string> earlier)
    {
        if (node is not JsonObject step)
        {
            return (null, $"{Describe(index, null)} must be an object with 'tool' and 'arguments'.");
        }

        var id = step["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (step["id"] is not null && (id is null || !IdPattern().IsMatch(id)))
        {
            return (null, $"{Describe(index, null)}: 'id' must be 1 to 64 letters, digits, '_' or '-', starting with a letter.");
        }

        id ??= string.Create(CultureInfo.InvariantCulture, $"step{index + 1}");
        var where = Describe(index, id);
        if (earlier.Contains(id))
        {
            return (null, $"{where}: another step already has the id '{id}'.");
        }

        if (step.Select(p => p.Key).FirstOrDefault(k => !StepKeys.Contains(k)) is { } unknownKey)
        {
            return (null, $"{where}: unknown key '{unknownKey}'; a step has 'id', 'tool' and 'arguments'.");
        }

        if (step["tool"] is not JsonValue t || t.GetValueKind() != JsonValueKind.String)
        {
            return (null, $"{where}: 'tool' must name a tool, such as \"image.blur_faces\".");
        }

        var toolName = t.GetValue<string>();
        if (!catalog.TryGet(toolName, out var tool))
        {
            return (null, $"{where}: there is no tool '{toolName}'; the tools are {string.Join(", ", catalog.All.Select(x => x.Name))}.");
        }

        if (!toolsets.Contains(tool.Toolset))
        {
            return (null, $"{where}: tool '{toolName}' belongs to the '{tool.Toolset}' toolset, which this execution does not have; add \"{tool.Toolset}\" to 'toolsets' (it has {string.Join(", ", toolsets)}).");
        }

        if (step["arguments"] is not (null or JsonObject))
        {
            return (null, $"{where}: 'arguments' must be an object.");
        }

        var arguments = (step["arguments"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var known = tool.Parameters["properties"] as JsonObject ?? [];
        if (arguments.Select(p => p.Key).FirstOrDefault(k => !known.ContainsKey(k)) is { } unknownArgument)
        {
            return (null, $"{where}: tool '{toolName}' has no argument '{unknownArgument}'; it takes {(known.Count == 0 ? "none" : string.Join(", ", known.Select(p => p.Key)))}.");
        }

        foreach (var (name, value) in arguments)
        {
            if (CheckReferences(value, earlier, inputNames) is { } bad)
            {
                return (null, $"{where}: argument '{name}' {bad}");
            }
        }

        return (new PipelineStep(index, id, tool, arguments), null);
    }

    private static string? CheckReferences(JsonNode? value, HashSet<string> earlier, IReadOnlyCollection<string> inputNames)
    {
        switch (value)
        {
            case JsonObject o:
                return o.Select(p => CheckReferences(p.Value, earlier, inputNames)).FirstOrDefault(p => p is not null);
            case JsonArray a:
                return a.Select(item => CheckReferences(item, earlier, inputNames)).FirstOrDefault(p => p is not null);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && StepReference.TryParse(v.GetValue<string>(), out var reference, out var problem):
                if (problem is not null)
                {
                    return problem;
                }

                if (reference!.Source == StepReference.Inputs)
                {
                    return inputNames.Contains(reference.Name) ? null : $"refers to input '{reference.Name}', which the execution does not have (it has {(inputNames.Count == 0 ? "none" : string.Join(", ", inputNames))}).";
                }

                return earlier.Contains(reference.Name) ? null : $"refers to step '{reference.Name}', which is not an earlier step of this pipeline.";
            default:
                return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
