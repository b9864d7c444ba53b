using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary>
/// <c>docket execute NAME | --prompt P … -i field=PATH|FILE_ID|URL … [--wait]</c>: local files
/// are uploaded first (with a progress bar), then the execution is queued and, with --wait,
/// followed to its end.
/// </summary>
internal static partial class ExecuteCommand
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"];
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".webm", ".mkv", ".avi"];
    private static readonly string[] AudioExtensions = [".mp3", ".wav", ".m4a", ".ogg", ".flac"];

    public static Command Create()
    {
        var name = new Argument<string?>("name")
        {
            Description = "The agent: name, name:version or a built-in such as document/parse. Leave it out to run an inline config (--prompt, --schema, --config).",
            Arity = ArgumentArity.ZeroOrOne,
        };

        // Without this, a mistyped option (--wiat) would be taken for the agent's name.
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{value}'.");
            }
        });
        var prompt = new Option<string?>("--prompt") { Description = "The prompt (an inline run, or an override of the agent's)." };
        var schema = new Option<string?>("--schema") { Description = "A JSON Schema file the response must fit (config.json_schema).", HelpName = "file" };
        var config = new Option<string?>("--config")
        {
            Description = "More config as a JSON object, inline or in a file, such as '{\"seed\": 1, \"timeout_s\": 60}'; --prompt and --schema win over its keys.",
            HelpName = "json-or-file",
        };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input as field=VALUE, where VALUE is a local file (uploaded first), an uploaded file's id or an http(s) URL. Repeat the option for more inputs; a repeated field becomes a list.",
            HelpName = "field=value",
        };
        var priority = new Option<string?>("--priority") { Description = "Queue priority: low, normal (default) or high." };
        priority.AcceptOnlyFromAmong("low", "normal", "high");
        var toolsets = new Option<string[]>("--toolset") { Description = "A toolset the agent may use (core, image, document, video, web, …); repeat for more.", HelpName = "name" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the end and print the response (exit 1 if the execution failed)." };
        var timeout = new Option<double?>("--timeout") { Description = "With --wait: give up waiting after this many seconds (exit 4; the execution goes on). Implies --wait.", HelpName = "seconds" };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds.");
            }
        });
        var outDirectory = new Option<string?>("--out") { Description = "With --wait: save the response as response.json and every artifact into this directory. Implies --wait.", HelpName = "dir" };
        var command = new Command("execute", "Run an agent on inputs; prints the queued execution, or with --wait its response.")
        {
            name, prompt, schema, config, inputs, priority, toolsets, wait, timeout, outDirectory,
        };
        var options = ClientOptions.AddTo(command);
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var agentConfig = await ConfigAsync(call.Get(prompt), call.Get(schema), call.Get(config), cancellationToken).ConfigureAwait(false);
            if (call.Get(name) is null && agentConfig is null)
            {
                throw new UsageException("Name an agent, or give --prompt, --schema or --config for an inline run.");
            }

            var fields = ParseInputs(call.Get(inputs) ?? []);
            var request = new ExecuteRequest
            {
                Name = call.Get(name),
                Config = agentConfig,
                Inputs = fields.Count == 0 ? null : await ResolveInputsAsync(call, fields, cancellationToken).ConfigureAwait(false),
                Priority = call.Get(priority) switch
                {
                    "low" => ExecutionPriority.Low,
                    "high" => ExecutionPriority.High,
                    "normal" => ExecutionPriority.Normal,
                    _ => null,
                },
                Toolsets = call.Get(toolsets) is { Length: > 0 } t ? t : null,
            };
            var execution = await call.Client.Agent.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
            var waitTimeout = call.Get(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            if (call.Get(wait) || call.Get(timeout) is not null || call.Get(outDirectory) is not null)
            {
                return await ExecutionReport.WaitAsync(call, execution.Id, waitTimeout, call.Get(outDirectory), cancellationToken).ConfigureAwait(false);
            }

            if (call.Output.IsJson)
            {
                call.Output.WriteJson(execution);
            }
            else
            {
                call.Output.Line(execution.Id);
                call.Output.Note($"Queued {execution.Name} as execution {execution.Id} ({execution.Status}); follow it with `docket executions wait {execution.Id}`.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The config from --config, then --prompt and --schema on top; null when none was given.</summary>
    private static async Task<AgentConfig?> ConfigAsync(string? prompt, string? schemaPath, string? config, CancellationToken cancellationToken)
    {
        if (prompt is null && schemaPath is null && config is null)
        {
            return null;
        }

        JsonObject? extra = null;
        if (config is not null)
        {
            var inline = config.TrimStart().StartsWith('{');
            var text = inline ? config : await AgentsCommand.ReadTextAsync(config, cancellationToken).ConfigureAwait(false);
            extra = ParseObject(text, inline ? "--config" : $"--config file {config}");
        }

        JsonObject? schema = null;
        if (schemaPath is not null)
        {
            schema = ParseObject(await AgentsCommand.ReadTextAsync(schemaPath, cancellationToken).ConfigureAwait(false), $"--schema file {schemaPath}");
        }

        return new AgentConfig { Prompt = prompt, JsonSchema = schema, Extra = extra };
    }

    private static JsonObject ParseObject(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new UsageException($"The {what} must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The {what} is not valid JSON: {exception.Message}");
        }
    }

    /// <summary><c>field=value</c> pairs in order; a field given twice keeps both values.</summary>
    private static List<(string Field, string Value)> ParseInputs(string[] inputs)
    {
        var fields = new List<(string, string)>();
        foreach (var input in inputs)
        {
            var split = input.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || split == input.Length - 1 || !FieldName().IsMatch(input[..split]))
            {
                throw new UsageException($"-i '{input}' is not field=VALUE (a field name such as doc, then a file, a file id or a URL).");
            }

            fields.Add((input[..split], input[(split + 1)..]));
        }

        return fields;
    }

    /// <summary>Uploads local files and turns every value into a MessageContent; a repeated field becomes a list.</summary>
    private static async Task<Dictionary<string, object>> ResolveInputsAsync(ClientCall call, List<(string Field, string Value)> fields, CancellationToken cancellationToken)
    {
        var values = new List<(string Field, MessageContent Content)>();
        foreach (var (field, value) in fields)
        {
            values.Add((field, await ContentAsync(call, field, value, cancellationToken).ConfigureAwait(false)));
        }

        return values.GroupBy(v => v.Field, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Count() == 1 ? (object)g.Single().Content : g.Select(v => v.Content).ToList(),
            StringComparer.Ordinal);
    }

    private static async Task<MessageContent> ContentAsync(ClientCall call, string field, string value, CancellationToken cancellationToken)
    {
        if (File.Exists(value))
        {
            var file = await FilesCommand.UploadAsync(call, value, "assistants", cancellationToken).ConfigureAwait(false);
            call.Output.Note($"{field}: {value} is file {file.Id}");
            return MessageContent.File(file.Id);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            var extension = Path.GetExtension(url.AbsolutePath);
            bool Is(string[] known) => known.Any(k => k.Equals(extension, StringComparison.OrdinalIgnoreCase));
            return Is(ImageExtensions) ? MessageContent.ImageUrl(url)
                : Is(VideoExtensions) ? MessageContent.VideoUrl(url)
                : Is(AudioExtensions) ? MessageContent.AudioUrl(url)
                : MessageContent.FileUrl(url);
        }

        // Something that looks like a path but is not on disk is a typo, not a file id.
        if (value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || Path.HasExtension(value) || !FileId().IsMatch(value))
        {
            throw new UsageException($"-i {field}={value}: no such file (and not an http(s) URL or a file id).");
        }

        return MessageContent.File(value);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex FieldName();

    [GeneratedRegex("^[A-Za-z0-9_:-]+$")]
    private static partial Regex FileId();
}
