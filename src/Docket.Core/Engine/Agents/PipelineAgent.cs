using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine.Providers;
using Docket.Tools;
using Docket.Tools.Pipelines;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// Runs a <c>config.steps</c> pipeline: each step's tool in order, in one shared
/// <see cref="ToolContext"/> (a step reads the artifacts of the steps before it), with its
/// references resolved against the inputs and the earlier steps' results. Each step is recorded
/// like a model's tool call; the first failing step fails the execution with its code, the
/// message naming the step. The response lists every step's result and repeats the last one as
/// <c>result</c>; artifacts go into the fields of a json_schema that ask for them.
/// </summary>
public sealed class PipelineAgent(ToolCatalog catalog, IOptions<ToolOptions> options, ModelCallStore store, TimeProvider time) : IAgentHandler
{
    public const string AgentName = "pipeline/steps";

    public string Name => AgentName;

    public string Description => "Runs the tool calls listed in config.steps in order; arguments may refer to the inputs ($inputs.NAME) and to earlier steps' results ($steps.ID.path).";

    /// <summary>None of its own: a pipeline may call only the tools of the toolsets the request names.</summary>
    public IReadOnlyList<string> Toolsets { get; } = [];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (steps, problem) = PipelinePlan.Parse(context.Config["steps"], catalog, [.. context.Toolsets], [.. context.Inputs.Select(i => i.Name).Distinct()]);
        if (problem is not null)
        {
            throw ExecutionFailedException.InvalidInput(problem);
        }

        var recorder = new RunRecorder(store, context.ExecutionId, context.Attempt, time);
        var tools = new ToolContext(context, options.Value);
        var results = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var done = new JsonArray();
        foreach (var step in steps!)
        {
            var where = PipelinePlan.Describe(step.Index, step.Id);
            var started = recorder.Now();
            var detail = new JsonObject { ["step"] = step.Id };
            JsonObject result;
            try
            {
                var arguments = (JsonObject)Resolve(step.Arguments, context, results, where)!;
                detail["arguments"] = arguments.DeepClone();
                result = await step.Tool.RunAsync(tools, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (ExecutionFailedException failure)
            {
                detail["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message };
                await recorder.StepAsync("tool", step.Tool.Name, "error", detail, started, CancellationToken.None).ConfigureAwait(false);
                throw new ExecutionFailedException(failure.Code, failure.Message.StartsWith(where, StringComparison.Ordinal) ? failure.Message : $"{where}: {failure.Message}", failure.Transient, failure);
            }

            detail["result"] = result.DeepClone();
            await recorder.StepAsync("tool", step.Tool.Name, "ok", detail, started, cancellationToken).ConfigureAwait(false);
            results[step.Id] = result;
            done.Add(new JsonObject { ["id"] = step.Id, ["tool"] = step.Tool.Name, ["result"] = result.DeepClone() });
        }

        var response = new JsonObject { ["steps"] = done, ["result"] = results[steps[^1].Id].DeepClone() };
        return new AgentResult(ArtifactFields.Place(response, context.JsonSchema))
        {
            Steps = steps.Count,
            ElementsProcessed = Math.Max(1, context.Inputs.Count),
            ElementType = ElementType(context.Inputs),
        };
    }

    /// <summary>The argument with every reference replaced by what it names.</summary>
    private static JsonNode? Resolve(JsonNode? value, AgentRunContext context, Dictionary<string, JsonObject> results, string where)
    {
        switch (value)
        {
            case JsonObject o:
                var obj = new JsonObject();
                foreach (var (key, item) in o)
                {
                    obj[key] = Resolve(item, context, results, where);
                }

                return obj;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Resolve(item, context, results, where))]);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (!StepReference.TryParse(text, out var reference, out var problem))
                {
                    return JsonValue.Create(text.StartsWith("$$", StringComparison.Ordinal) ? text[1..] : text);
                }

                if (problem is not null)
                {
                    throw ExecutionFailedException.InvalidInput($"{where}: {problem}");
                }

                if (reference!.Source == StepReference.Inputs)
                {
                    var input = context.Inputs.First(i => i.Name == reference.Name);
                    return input.Kind switch
                    {
                        InputKind.Text => JsonValue.Create(input.Text),
                        InputKind.Json => input.Json?.DeepClone(),
                        _ => JsonValue.Create(input.Name),
                    };
                }

                return reference.Select(results[reference.Name], where);
            default:
                return value?.DeepClone();
        }
    }

    private static string ElementType(IReadOnlyList<ExecutionInput> inputs)
    {
        var type = inputs.FirstOrDefault(i => i.Kind == InputKind.File)?.ContentType ?? string.Empty;
        return type.StartsWith("image/", StringComparison.Ordinal) ? "image"
            : type.StartsWith("video/", StringComparison.Ordinal) ? "video"
            : type.StartsWith("audio/", StringComparison.Ordinal) ? "audio"
            : "page";
    }
}
