using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Agents;
using Docket.Artifacts;
using Docket.Common;
using Docket.Data;
using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Engine.Providers;
using Docket.Files;
using Docket.Queue;
using Docket.Tools;
using Docket.Tools.Pipelines;
using Microsoft.Extensions.Options;

namespace Docket.Executions;

/// <summary>
/// Step 1 of an execution's life: validate the request, resolve the agent version, snapshot the
/// effective config, check the inputs, compute the fingerprint and queue it as pending. When this
/// process has a free worker slot and nothing is queued, the same insert also claims it for that
/// slot (step 2 folded into step 1: one row version and one statement fewer per execution).
/// </summary>
public sealed class ExecutionSubmitter(
    IDocketDatabase database,
    AgentStore agents,
    FileStore files,
    AgentCatalog catalog,
    ToolCatalog tools,
    ProviderRegistry providers,
    ExecutionSignals signals,
    IOptions<QueueOptions> queueOptions,
    TimeProvider time,
    WorkerPool? workers = null)
{
    /// <summary>Engine identity in every fingerprint: a new engine version never reuses an old result.</summary>
    public const string EngineId = "docket-builtin/1";

    public async Task<(ExecutionRecord? Execution, Problem? Problem)> SubmitAsync(string tenantId, JsonObject request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > 255)
            {
                return (null, Problem.BadRequest("The Idempotency-Key header must be 1 to 255 characters long."));
            }

            var existing = await database.ReadAsync(c => ExecutionStore.GetByIdempotencyKeyAsync(c, null, tenantId, idempotencyKey, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return (existing, null);
            }
        }

        var (plan, problem) = await PlanAsync(tenantId, request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var execution = plan! with { IdempotencyKey = idempotencyKey, CreatedAt = now, RunAfter = now };
        var useCache = JsonNode.Parse(plan!.Config)?["cache"]?.GetValueKind() == JsonValueKind.True;
        if (idempotencyKey is null && !useCache)
        {
            // Nothing to look up first: one statement, which the store may send together with
            // other writes. The answer is the execution as accepted (pending) either way; a
            // started one shows running from its next read on, and its history holds both.
            using var slot = workers?.TryReserve();
            if (slot is null)
            {
                await database.WriteStatementsAsync([ExecutionStore.InsertStatement(execution)], cancellationToken).ConfigureAwait(false);
                signals.NotifyQueued();
                return (execution, null);
            }

            // Not cancelled by a client that hangs up: a row stored as started whose outcome this
            // process missed would sit out its lease before another worker took it.
            var insert = ExecutionStore.InsertOrStartStatement(execution, slot.Window);
            await database.WriteStatementsAsync([insert], CancellationToken.None).ConfigureAwait(false);
            if (insert.First is { Status: ExecutionStatus.Running } started)
            {
                slot.Start(started);
            }
            else
            {
                signals.NotifyQueued();
            }

            return (execution, null);
        }

        var stored = await database.WriteAsync(
            async (connection, transaction) =>
            {
                if (idempotencyKey is not null)
                {
                    var raced = await ExecutionStore.GetByIdempotencyKeyAsync(connection, transaction, tenantId, idempotencyKey, cancellationToken).ConfigureAwait(false);
                    if (raced is not null)
                    {
                        return raced;
                    }
                }

                var cached = useCache ? await ExecutionStore.FindCompletedByFingerprintAsync(connection, transaction, tenantId, execution.Fingerprint, cancellationToken).ConfigureAwait(false) : null;
                var row = cached is null ? execution : execution with
                {
                    Status = ExecutionStatus.Completed,
                    Cached = true,
                    StartedAt = now,
                    CompletedAt = now,
                    Response = cached.Response,
                    Usage = cached.Usage,
                    Grounding = cached.Grounding,
                };
                await ExecutionStore.InsertAsync(connection, transaction, row, cancellationToken).ConfigureAwait(false);
                if (cached is not null)
                {
                    foreach (var artifact in await ArtifactStore.ListForExecutionAsync(connection, transaction, cached.Id, cancellationToken).ConfigureAwait(false))
                    {
                        await ArtifactStore.InsertAsync(connection, transaction, artifact with { ExecutionId = row.Id, SessionId = row.SessionId, CreatedAt = now }, cancellationToken).ConfigureAwait(false);
                    }

                    await ExecutionQueue.EnqueueWebhookAsync(connection, transaction, row.Id, now, cancellationToken).ConfigureAwait(false);
                }

                return row;
            },
            cancellationToken).ConfigureAwait(false);
        if (stored.Status == ExecutionStatus.Pending)
        {
            signals.NotifyQueued();
        }

        return (stored, null);
    }

    private async Task<(ExecutionRecord? Plan, Problem? Problem)> PlanAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        if (!TryGetString(request, "name", out var nameText) || !TryGetString(request, "model", out var model)
            || !TryGetString(request, "priority", out var priorityText) || !TryGetString(request, "service_tier", out var serviceTier)
            || !TryGetString(request, "callback_url", out var callbackUrl))
        {
            return (null, Problem.BadRequest("'name', 'model', 'priority', 'service_tier' and 'callback_url' must be strings when given."));
        }

        if (request["config"] is not (null or JsonObject))
        {
            return (null, Problem.BadRequest("'config' must be an object."));
        }

        var overrides = (request["config"] as JsonObject)?.DeepClone().AsObject() ?? [];
        RemoveNulls(overrides);

        IAgentHandler? handler = null;
        AgentRecord? agent = null;
        JsonObject config;
        string name;
        if (nameText is not null)
        {
            var parsed = AgentName.TryParse(nameText, out var nameError);
            if (parsed is null)
            {
                return (null, Problem.BadRequest(nameError!, "invalid_agent_name"));
            }

            if (catalog.TryGet(parsed.Name, out var builtin))
            {
                handler = builtin;
                config = overrides;
                name = builtin.Name;
            }
            else
            {
                agent = await agents.FindAsync(tenantId, parsed, cancellationToken).ConfigureAwait(false);
                if (agent is null)
                {
                    return (null, Problem.NotFound($"Agent '{nameText}' not found.", "agent_not_found"));
                }

                config = agent.Config.DeepClone().AsObject();
                foreach (var (key, value) in overrides)
                {
                    config[key] = value?.DeepClone();
                }

                name = agent.FullName;
                callbackUrl ??= agent.CallbackUrl;
            }
        }
        else
        {
            if (request["config"] is not JsonObject)
            {
                return (null, Problem.BadRequest("Give either 'name' (an agent) or an inline 'config'."));
            }

            config = overrides;
            name = string.Empty;
        }

        // The TypeScript SDK sends service_tier inside config (AgentExecutionConfig). It picks a
        // queue priority, not an engine setting, so it leaves the config and the fingerprint.
        if (config["service_tier"] is { } tier)
        {
            if (tier.GetValueKind() != JsonValueKind.String)
            {
                return (null, Problem.BadRequest("'config.service_tier' must be a string.", "invalid_config"));
            }

            serviceTier ??= tier.GetValue<string>();
            config.Remove("service_tier");
        }

        var configProblem = ValidateConfig(config);
        if (configProblem is not null)
        {
            return (null, configProblem);
        }

        string? unavailable = null;
        if (handler is null)
        {
            var inputCount = request["inputs"] switch
            {
                JsonObject named => named.Count,
                JsonArray list => list.Count,
                _ => 0,
            };
            // A declared pipeline runs as written; a configured model provider follows prompts;
            // without either the built-in engine runs.
            var (provider, providerProblem) = config["steps"] is null ? providers.Route(config, model) : (null, null);
            if (providerProblem is not null)
            {
                return (null, Problem.BadRequest(providerProblem, "invalid_config"));
            }

            handler = config["steps"] is not null && catalog.TryGet(PipelineAgent.AgentName, out var pipeline)
                ? pipeline
                : provider is not null && catalog.TryGet(provider.HandlerName, out var modelHandler)
                ? modelHandler
                : catalog.Route(config, inputCount, out unavailable);
            if (handler is null)
            {
                return (null, Problem.Unprocessable(unavailable!, "unsupported"));
            }

            if (name.Length == 0)
            {
                name = handler.Name;
            }
        }

        if (config["steps"] is not null && handler.Name != PipelineAgent.AgentName)
        {
            return (null, Problem.BadRequest($"'config.steps' is a pipeline of its own; it cannot run inside the built-in agent '{handler.Name}'. Send the steps without 'name', or with a stored agent of yours.", "invalid_config"));
        }

        Priority priority;
        if (priorityText is null)
        {
            priority = Priorities.FromServiceTier(serviceTier);
        }
        else if (!Priorities.TryParse(priorityText, out priority))
        {
            return (null, Problem.BadRequest($"'priority' must be low, normal or high, not '{priorityText}'.", "invalid_priority"));
        }

        var toolsets = new SortedSet<string>(handler.Toolsets, StringComparer.Ordinal);
        if (request["toolsets"] is JsonArray requested)
        {
            foreach (var item in requested)
            {
                var toolset = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Toolsets.Normalize(v.GetValue<string>()) : null;
                if (toolset is null)
                {
                    return (null, Problem.BadRequest($"Unknown toolset {item?.ToJsonString()}; expected any of {string.Join(", ", Toolsets.Known)}.", "invalid_toolset"));
                }

                toolsets.Add(toolset);
            }
        }
        else if (request["toolsets"] is not null)
        {
            return (null, Problem.BadRequest("'toolsets' must be an array of toolset names."));
        }

        if (toolsets.Count == 0)
        {
            toolsets.Add("core");
        }

        if (Generative(toolsets, handler) is { } generativeProblem)
        {
            return (null, Problem.BadRequest(generativeProblem));
        }

        var metadata = request["metadata"];
        if (metadata is not (null or JsonObject))
        {
            return (null, Problem.BadRequest("'metadata' must be an object."));
        }

        string? sessionId = null;
        if (metadata?["session_id"] is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            sessionId = s.GetValue<string>();
            if (!Ids.IsValid(sessionId))
            {
                return (null, Problem.BadRequest("'metadata.session_id' may contain only letters, digits, '_', '.', ':' and '-'."));
            }
        }

        if (callbackUrl is not null && !(Uri.TryCreate(callbackUrl, UriKind.Absolute, out var callback) && (callback.Scheme == Uri.UriSchemeHttp || callback.Scheme == Uri.UriSchemeHttps)))
        {
            return (null, Problem.BadRequest("'callback_url' must be an absolute http(s) URL."));
        }

        var (inputs, inputProblem) = InputParser.Parse(request["inputs"]);
        if (inputProblem is not null)
        {
            return (null, inputProblem);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].FileId is { } fileId)
            {
                var file = await files.GetAsync(tenantId, fileId, cancellationToken).ConfigureAwait(false);
                if (file is null)
                {
                    return (null, Problem.NotFound($"File '{fileId}' (input '{inputs[i].Name}') not found.", "file_not_found"));
                }

                if (file.Status != FileRecord.Ready)
                {
                    return (null, Problem.Unprocessable($"File '{fileId}' (input '{inputs[i].Name}') has not finished uploading."));
                }

                inputs[i] = inputs[i] with { Sha256 = file.Sha256 };
            }
        }

        if (handler.Name == PipelineAgent.AgentName)
        {
            var (_, stepsProblem) = PipelinePlan.Parse(config["steps"], tools, toolsets, [.. inputs.Select(i => i.Name).Distinct()]);
            if (stepsProblem is not null)
            {
                return (null, Problem.BadRequest(stepsProblem, "invalid_config"));
            }
        }

        var options = queueOptions.Value;
        var maxAttempts = config["max_attempts"] is JsonValue m ? (int)m.GetValue<double>() : options.DefaultMaxAttempts;
        var timeoutSeconds = config["timeout_s"] is JsonValue t ? t.GetValue<double>() : options.MaxTimeoutSeconds;
        if (timeoutSeconds > options.MaxTimeoutSeconds)
        {
            return (null, Problem.BadRequest($"'config.timeout_s' may be at most {options.MaxTimeoutSeconds} on this server."));
        }

        var configJson = config.ToJsonString();
        var inputsJson = JsonSerializer.Serialize(inputs);
        return (new ExecutionRecord
        {
            Id = Ids.New(),
            TenantId = tenantId,
            Name = name,
            AgentId = agent?.Id,
            Handler = handler.Name,
            Status = ExecutionStatus.Pending,
            Priority = priority,
            Config = configJson,
            Inputs = inputsJson,
            Toolsets = JsonSerializer.Serialize(toolsets),
            Metadata = metadata?.ToJsonString(),
            SessionId = sessionId,
            CallbackUrl = callbackUrl,
            Fingerprint = Fingerprint(handler, config, inputs, model),
            Model = model,
            MaxAttempts = maxAttempts,
            TimeoutMs = (long)(timeoutSeconds * 1000),
            CreatedAt = 0,
        }, null);
    }

    /// <summary>
    /// hash(canonical effective config, input contents, engine and handler version, model, seed).
    /// The seed lives in the config; the request's model is recorded but the built-in engine
    /// ignores it. A model provider adds its model id and default sampling settings, so another
    /// model (or another default seed) never reuses a cached result.
    /// </summary>
    internal static string Fingerprint(IAgentHandler handler, JsonObject config, IReadOnlyList<InputSpec> inputs, string? model)
    {
        var provider = (handler as ModelAgent)?.Provider;
        var material = new JsonObject
        {
            ["engine"] = provider is null ? EngineId : ModelProvider.EngineId,

            ["handler"] = $"{handler.Name}@{handler.Version}",
            ["model"] = model,
            ["config"] = config.DeepClone(),
            ["inputs"] = new JsonArray(inputs.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name,
                ["kind"] = i.Kind,
                ["content"] = i.Kind switch
                {
                    "file" => i.Sha256,
                    "url" => i.Url,
                    "text" => i.Text,
                    _ => i.Value?.DeepClone(),
                },
            }).ToArray()),
        };
        if (provider is not null)
        {
            // Only model runs carry this key, so built-in fingerprints stay what they were.
            material["provider"] = new JsonObject
            {
                ["name"] = provider.Name,
                ["model"] = provider.Options.Model,
                ["temperature"] = provider.Options.Temperature,
                ["seed"] = provider.Options.Seed,
                ["max_tokens"] = provider.Options.MaxTokens,
            };
        }

        return Hashing.Sha256Hex(CanonicalJson.Serialize(material));
    }

    /// <summary>
    /// image-gen and world-gen exist only where a model provider generates images or 3D worlds;
    /// neither the built-in engine nor the chat-completions providers do, so asking for them is
    /// refused up front instead of failing (or being ignored) later.
    /// </summary>
    private static string? Generative(SortedSet<string> toolsets, IAgentHandler handler)
    {
        foreach (var (toolset, capability) in new[] { ("image-gen", "image generation"), ("world-gen", "3D world generation") })
        {
            if (toolsets.Contains(toolset))
            {
                var engine = handler is ModelAgent model
                    ? $"the model provider '{model.Provider.Name}' this execution runs on does not offer it"
                    : $"this execution runs on the built-in engine ('{handler.Name}'), which has no {capability}";
                return $"The '{toolset}' toolset needs {capability}, which only a model provider that offers it can supply; {engine}.";
            }
        }

        return null;
    }

    private static Problem? ValidateConfig(JsonObject config)
    {
        Problem? Bad(string message) => Problem.BadRequest(message, "invalid_config");
        if (config["prompt"] is not null and not JsonValue || (config["prompt"] is JsonValue p && p.GetValueKind() != JsonValueKind.String))
        {
            return Bad("'config.prompt' must be a string.");
        }

        if (config["json_schema"] is not (null or JsonObject))
        {
            return Bad("'config.json_schema' must be a JSON Schema object.");
        }

        foreach (var flag in new[] { "cache", "grounding", "confidence" })
        {
            if (config[flag] is { } f && f.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Bad($"'config.{flag}' must be true or false.");
            }
        }

        if (config["seed"] is { } seed && (seed.GetValueKind() != JsonValueKind.Number || seed.GetValue<double>() != Math.Floor(seed.GetValue<double>())))
        {
            return Bad("'config.seed' must be an integer.");
        }

        if (config["temperature"] is { } temperature && (temperature.GetValueKind() != JsonValueKind.Number || temperature.GetValue<double>() is < 0 or > 2))
        {
            return Bad("'config.temperature' must be a number from 0 to 2.");
        }

        if (config["timeout_s"] is { } timeout && (timeout.GetValueKind() != JsonValueKind.Number || timeout.GetValue<double>() <= 0))
        {
            return Bad("'config.timeout_s' must be a positive number of seconds.");
        }

        if (config["max_attempts"] is { } attempts && (attempts.GetValueKind() != JsonValueKind.Number || attempts.GetValue<double>() is < 1 or > 10 || attempts.GetValue<double>() != Math.Floor(attempts.GetValue<double>())))
        {
            return Bad("'config.max_attempts' must be an integer from 1 to 10.");
        }

        return null;
    }

    private static bool TryGetString(JsonObject obj, string key, out string? value)
    {
        value = null;
        var node = obj[key];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        return false;
    }

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }
    }
}
