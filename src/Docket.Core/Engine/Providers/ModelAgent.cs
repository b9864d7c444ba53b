using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Tools;

namespace Docket.Engine.Providers;

/// <summary>
/// <c>model/&lt;provider&gt;</c>: follows the execution's prompt with a model on an OpenAI-compatible
/// server. The inputs go in as text and pictures (<see cref="ModelInputBuilder"/>); the toolsets
/// are offered as functions in a bounded loop (<see cref="ToolLoop"/>); with a json_schema the
/// answer must fit it, after at most one repair round, or the execution fails with
/// <c>model_error</c>. Every call is recorded for the step log and for replay.
/// </summary>
public sealed class ModelAgent(
    ModelProvider provider,
    ModelInputBuilder inputs,
    ToolCatalog tools,
    ToolOptions toolOptions,
    ModelHttp http,
    ModelCallStore store,
    TimeProvider time) : IAgentHandler
{
    public ModelProvider Provider => provider;

    public string Name => provider.HandlerName;

    public string Description =>
        $"Follows the prompt with model {provider.Options.Model} on provider '{provider.Name}', with the execution's toolsets as functions.";

    public IReadOnlyList<string> Toolsets { get; } = ["core"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recorder = new RunRecorder(store, context.ExecutionId, context.Attempt, time);
        return RunAsync(context, new HttpChatTransport(http, provider, recorder, time), recorder, cancellationToken);
    }

    /// <summary>Runs the attempt against <paramref name="transport"/>: the provider, or a recording for a replay.</summary>
    public async Task<AgentResult> RunAsync(AgentRunContext context, IChatTransport transport, RunRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(recorder);
        var options = provider.Options;
        var schema = context.JsonSchema;
        var validator = schema is null ? null : ResponseValidator.Build(schema);
        var loop = options.Tools ? new ToolLoop(tools, context, toolOptions, recorder) : null;
        var offered = loop is { Definitions.Count: > 0 } ? loop.Definitions : null;
        var seen = await inputs.BuildAsync(context, provider, offered is not null, cancellationToken).ConfigureAwait(false);

        var user = new JsonArray { ModelInputBuilder.Text(Instruction(context)) };
        foreach (var part in seen.Parts)
        {
            user.Add(part!.DeepClone());
        }

        var messages = new JsonArray
        {
            new JsonObject { ["role"] = "system", ["content"] = SystemPrompt(schema, offered is not null) },
            new JsonObject { ["role"] = "user", ["content"] = user },
        };
        var chat = new Chat(transport, recorder, provider, context.Config, schema);
        var notes = new List<string>();

        var rounds = 0;
        JsonObject answer;
        while (true)
        {
            var withTools = offered is not null && rounds < options.MaxToolSteps;
            answer = await chat.SendAsync(messages, withTools ? offered : null, cancellationToken).ConfigureAwait(false);
            if (!withTools || answer["tool_calls"] is not JsonArray { Count: > 0 } calls)
            {
                break;
            }

            rounds++;
            messages.Add(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = answer["content"]?.DeepClone(),
                ["tool_calls"] = calls.DeepClone(),
            });
            foreach (var call in calls.OfType<JsonObject>())
            {
                messages.Add(await loop!.RunAsync(call, cancellationToken).ConfigureAwait(false));
            }

            if (rounds == options.MaxToolSteps)
            {
                notes.Add($"The model used all {options.MaxToolSteps} rounds of tool calls and was asked to answer without more.");
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = "No more tool calls are possible. Give your final answer now." });
            }
        }

        var content = StructuredOutput.ContentText(answer["content"]);
        JsonObject response;
        if (validator is null)
        {
            var text = StructuredOutput.WithoutReasoning(content);
            if (text.Length == 0)
            {
                throw new ExecutionFailedException(ErrorCodes.ModelError, $"Model {options.Model} on provider '{provider.Name}' gave an empty answer.");
            }

            response = new JsonObject { ["text"] = text };
        }
        else
        {
            var (value, errors) = Check(content, validator);
            if (errors.Count > 0)
            {
                // One repair round: the model sees its answer and what is wrong with it.
                messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = content });
                messages.Add(new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = "Your answer does not fit the required JSON Schema:\n- " + string.Join("\n- ", errors)
                        + "\nReply with the corrected JSON object only.",
                });
                var repaired = await chat.SendAsync(messages, null, cancellationToken).ConfigureAwait(false);
                (value, errors) = Check(StructuredOutput.ContentText(repaired["content"]), validator);
                if (errors.Count > 0)
                {
                    throw new ExecutionFailedException(
                        ErrorCodes.ModelError,
                        $"The answer of model {options.Model} on provider '{provider.Name}' does not fit the json_schema after one repair round: {string.Join("; ", errors)}");
                }

                notes.Add("The first answer did not fit the schema and was repaired.");
            }

            response = value!;
        }

        var steps = recorder.Steps;
        var modelSteps = steps.Count(s => s.Kind == "model");
        notes.Insert(0, string.Create(CultureInfo.InvariantCulture, $"Answered by {options.Model} on provider '{provider.Name}' in {steps.Count} steps ({modelSteps} model calls, {steps.Count - modelSteps} tool calls)."));
        var grounded = context.Config["grounding"]?.GetValueKind() == System.Text.Json.JsonValueKind.True
            || context.Config["confidence"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        return new AgentResult(response)
        {
            ElementsProcessed = seen.ElementsProcessed,
            ElementType = seen.ElementType,
            Steps = steps.Count,
            Message = string.Join(' ', notes),
            PromptTokens = chat.PromptTokens,
            CompletionTokens = chat.CompletionTokens,
            Grounding = grounded && seen.Layouts.Count > 0 ? ModelGrounding.Find(response, seen.Layouts) : null,
        };
    }

    private static (JsonObject? Value, IReadOnlyList<string> Errors) Check(string content, Json.Schema.JsonSchema validator)
    {
        var (value, error) = StructuredOutput.ParseObject(content);
        return value is null ? (null, [error!]) : (value, ResponseValidator.Validate(validator, value));
    }

    private static string Instruction(AgentRunContext context) =>
        context.Prompt is { Length: > 0 } prompt ? prompt
        : context.JsonSchema is not null ? "Fill in the response schema from the inputs below."
        : "Describe the inputs below: what they are and what they say.";

    private string SystemPrompt(JsonObject? schema, bool tools)
    {
        var text = "You are an agent of Docket, a server that processes documents, images and videos. "
            + "Follow the user's instructions and rely only on what the inputs show; where they do not say, do not guess.";
        if (tools)
        {
            text += " You may call the functions offered to run tools. A file argument names an input (\"image\", or \"pages[1]\" for the second file of a list) or an artifact id a tool returned (\"img_3fa2c1\").";
        }

        if (schema is null)
        {
            return text + " Answer in plain text.";
        }

        return provider.Options.JsonSchema
            ? text + " Answer with one JSON object that fits the response schema."
            : text + " Answer with one JSON object and nothing else; it must fit this JSON Schema:\n" + schema.ToJsonString();
    }
}
