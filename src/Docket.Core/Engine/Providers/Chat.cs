using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>
/// The requests of one attempt: every call carries the model id, the temperature and seed
/// (provider defaults unless the config sets them) and, with a schema, the response format.
/// Each call is a step in the log, with its tokens and the tools it asked for.
/// </summary>
internal sealed class Chat(IChatTransport transport, RunRecorder recorder, ModelProvider provider, JsonObject config, JsonObject? schema)
{
    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    /// <summary>Sends the conversation so far and returns the assistant message.</summary>
    public async Task<JsonObject> SendAsync(JsonArray messages, JsonArray? tools, CancellationToken cancellationToken)
    {
        var options = provider.Options;
        var request = new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = messages.DeepClone(),
            ["temperature"] = config["temperature"] is JsonValue t ? t.GetValue<double>() : options.Temperature,
            ["seed"] = config["seed"] is JsonValue s ? (long)s.GetValue<double>() : options.Seed,
        };
        if (options.MaxTokens is { } maxTokens)
        {
            request["max_tokens"] = maxTokens;
        }

        if (schema is not null)
        {
            request["response_format"] = StructuredOutput.ResponseFormat(schema, options);
        }

        if (tools is not null)
        {
            request["tools"] = tools.DeepClone();
        }

        var started = recorder.Now();
        JsonObject response;
        try
        {
            response = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionFailedException failure)
        {
            await recorder.StepAsync("model", options.Model, "error", new JsonObject { ["error"] = failure.Message }, started, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var choice = response["choices"]?[0] as JsonObject;
        var message = choice?["message"] as JsonObject
            ?? throw new ExecutionFailedException(ErrorCodes.ModelError, $"Provider '{provider.Name}' answered without a message in choices[0].");
        var prompt = Number(response["usage"]?["prompt_tokens"]);
        var completion = Number(response["usage"]?["completion_tokens"]);
        PromptTokens += prompt;
        CompletionTokens += completion;
        var requested = message["tool_calls"] as JsonArray;
        await recorder.StepAsync(
            "model",
            options.Model,
            "ok",
            new JsonObject
            {
                ["finish_reason"] = choice!["finish_reason"]?.DeepClone(),
                ["prompt_tokens"] = prompt,
                ["completion_tokens"] = completion,
                ["tool_calls"] = new JsonArray([.. (requested ?? []).Select(c => (JsonNode?)c?["function"]?["name"]?.DeepClone())]),
            },
            started,
            cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? (long)d : 0;
}
