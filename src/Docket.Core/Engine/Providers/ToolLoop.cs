using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Tools;

namespace Docket.Engine.Providers;

/// <summary>
/// The execution's toolsets as OpenAI function tools, and the runner of the calls a model makes:
/// each call runs the tool in one shared <see cref="ToolContext"/> (so a later call can use an
/// earlier call's artifact), is recorded as a step, and becomes a <c>tool</c> message. A failing
/// call is reported back to the model as an error instead of ending the execution, so it can try
/// another way.
/// </summary>
public sealed class ToolLoop
{
    private const int MaxResultChars = 20_000;
    private readonly Dictionary<string, ITool> _byFunction = new(StringComparer.Ordinal);
    private readonly ToolContext _context;
    private readonly RecordingSink _sink;
    private readonly RunRecorder _recorder;

    public ToolLoop(ToolCatalog catalog, AgentRunContext run, ToolOptions options, RunRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(run);
        _recorder = recorder;
        _sink = new RecordingSink(run.Artifacts);
        _context = new ToolContext(
            new AgentRunContext
            {
                ExecutionId = run.ExecutionId,
                TenantId = run.TenantId,
                Attempt = run.Attempt,
                Config = run.Config,
                Inputs = run.Inputs,
                Fingerprint = run.Fingerprint,
                Artifacts = _sink,
                WorkDirectory = run.WorkDirectory,
                Toolsets = run.Toolsets,
                Model = run.Model,
            },
            options);
        foreach (var tool in catalog.For(run.Toolsets))
        {
            _byFunction.TryAdd(FunctionName(tool.Name), tool);
        }

        Definitions = new JsonArray([.. _byFunction.Select(pair => (JsonNode)new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = pair.Key,
                ["description"] = pair.Value.Description,
                ["parameters"] = pair.Value.Parameters.DeepClone(),
            },
        })]);
    }

    /// <summary>The <c>tools</c> array of a request; empty when the toolsets hold no tools.</summary>
    public JsonArray Definitions { get; }

    /// <summary>OpenAI function names allow no dots: <c>image.blur_faces</c> is offered as <c>image_blur_faces</c>.</summary>
    public static string FunctionName(string toolName) => toolName.Replace('.', '_');

    /// <summary>Runs one entry of an assistant message's <c>tool_calls</c> and returns the <c>tool</c> message that answers it.</summary>
    public async Task<JsonObject> RunAsync(JsonObject call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = _recorder.Now();
        var id = call["id"]?.ToString() ?? string.Empty;
        var function = call["function"] as JsonObject;
        var name = function?["name"]?.ToString() ?? string.Empty;
        var argumentsText = function?["arguments"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => o.ToJsonString(),
            _ => "{}",
        };
        var detail = new JsonObject { ["call_id"] = id, ["function"] = name };
        var before = _sink.Ids.Count;
        JsonObject content;
        string toolName = name;
        try
        {
            if (!_byFunction.TryGetValue(name, out var tool))
            {
                throw ExecutionFailedException.InvalidInput($"There is no tool '{name}'; the tools are {string.Join(", ", _byFunction.Keys)}.");
            }

            toolName = tool.Name;
            var arguments = Arguments(argumentsText);
            detail["arguments"] = arguments.DeepClone();
            var result = await tool.RunAsync(_context, arguments, cancellationToken).ConfigureAwait(false);
            content = result;
            detail["result"] = Truncate(result);
        }
        catch (ExecutionFailedException failure) when (failure.Code is ErrorCodes.InvalidInput or ErrorCodes.ToolError)
        {
            content = new JsonObject { ["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message } };
            detail["error"] = content["error"]!.DeepClone();
        }

        detail["artifacts"] = new JsonArray([.. _sink.Ids.Skip(before).Select(a => (JsonNode)a)]);
        await _recorder.StepAsync("tool", toolName, detail["error"] is null ? "ok" : "error", detail, started, cancellationToken).ConfigureAwait(false);
        var text = content.ToJsonString();
        return new JsonObject
        {
            ["role"] = "tool",
            ["tool_call_id"] = id,
            ["content"] = text.Length <= MaxResultChars ? text : text[..MaxResultChars] + " …(cut)",
        };
    }

    private static JsonObject Arguments(string text)
    {
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject
                ?? throw ExecutionFailedException.InvalidInput("The arguments must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw ExecutionFailedException.InvalidInput($"The arguments are not valid JSON: {exception.Message}");
        }
    }

    private static JsonNode Truncate(JsonObject result)
    {
        var text = result.ToJsonString();
        return text.Length <= 4000 ? result.DeepClone() : JsonValue.Create(text[..4000] + " …(cut)");
    }

    /// <summary>Passes artifacts on to the execution's sink and remembers their ids for the step log.</summary>
    private sealed class RecordingSink(IArtifactSink inner) : IArtifactSink
    {
        private readonly List<string> _ids = [];
        private readonly Lock _lock = new();

        public IReadOnlyList<string> Ids
        {
            get
            {
                lock (_lock)
                {
                    return [.. _ids];
                }
            }
        }

        public async Task<string> AddAsync(string type, string contentType, string fileName, Stream content, CancellationToken cancellationToken)
        {
            var id = await inner.AddAsync(type, contentType, fileName, content, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _ids.Add(id);
            }

            return id;
        }
    }
}
