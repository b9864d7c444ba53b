using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary><c>docket agents create|list|get</c>.</summary>
internal static class AgentsCommand
{
    public static Command Create()
    {
        var command = new Command("agents", "Create, list and inspect agents (named, versioned configs).");
        var options = ClientOptions.AddTo(command);
        command.Subcommands.Add(CreateAgent(options));
        command.Subcommands.Add(List(options));
        command.Subcommands.Add(Get(options));
        return command;
    }

    private static Command CreateAgent(ClientOptions options)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "The agent as JSON: {\"name\": \"invoice-extractor[:version]\", \"description\", \"config\": {\"prompt\", \"json_schema\", …}, \"inputs\", \"callback_url\"}; - reads stdin.",
            Required = true,
            HelpName = "agent.json",
        };
        var command = new Command("create", "Create an agent version from a JSON file (the same name and config again returns the same version).") { file };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var request = ReadRequest(await ReadTextAsync(call.Get(file)!, cancellationToken).ConfigureAwait(false));
            var created = await call.Client.Agents.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(created);
            }
            else
            {
                call.Output.Line($"Created agent {created.Name} ({created.Id}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(ClientOptions options)
    {
        var command = new Command("list", "List agent versions, newest first.");
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var agents = await call.Client.Agents.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(agents);
                return ExitCodes.Success;
            }

            call.Output.Table(
                ["NAME", "ID", "CREATED", "DESCRIPTION"],
                agents.Select(a => (IReadOnlyList<string>)[a.Name, a.Id, Output.Time(a.CreatedAt), Shorten(a.Description.Length > 0 ? a.Description : a.Prompt, 60)]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(ClientOptions options)
    {
        var nameOrId = new Argument<string>("name-or-id") { Description = "An agent version's id, a name (its latest version), name:version, or a built-in agent such as document/parse." };
        var command = new Command("get", "Show an agent: name, description, prompt and response schema.") { nameOrId };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var agent = await FindAsync(call.Client, call.Get(nameOrId)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(agent);
                return ExitCodes.Success;
            }

            call.Output.Fields([
                ("name", agent.Name), ("id", agent.Id), ("description", Blank(agent.Description)), ("prompt", Blank(agent.Prompt)),
                ("created", Output.Time(agent.CreatedAt)), ("toolsets", agent.Toolsets is { Count: > 0 } t ? string.Join(", ", t) : null),
            ]);
            if (agent.JsonSchema is { } schema)
            {
                call.Output.Line("json_schema:");
                call.Output.Line(schema.ToJsonString(Output.JsonOptions));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>By id first (built-in agents' ids are their names), then by name or name:version.</summary>
    private static async Task<AgentInfo> FindAsync(DocketClient client, string nameOrId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Agents.LookupAsync(AgentLookup.ById(nameOrId), cancellationToken).ConfigureAwait(false);
        }
        catch (DocketApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return await client.Agents.LookupAsync(AgentLookup.ByName(nameOrId), cancellationToken).ConfigureAwait(false);
        }
    }

    private static AgentCreateRequest ReadRequest(string text)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? throw new UsageException("The agent file must hold a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The agent file is not valid JSON: {exception.Message}");
        }

        if (body["config"] is not JsonObject config)
        {
            throw new UsageException("The agent file needs a \"config\" object (with a \"prompt\", and optionally a \"json_schema\").");
        }

        return new AgentCreateRequest
        {
            Name = Text(body, "name"),
            Description = Text(body, "description"),
            Inputs = body["inputs"] as JsonObject,
            // Sent as written: Extra carries every key, the typed ones included.
            Config = new AgentConfig { Extra = config },
            CallbackUrl = Text(body, "callback_url") is { } url
                ? Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"callback_url '{url}' is not an absolute URL.")
                : null,
        };
    }

    internal static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : throw new UsageException($"No such file: {path}");
    }

    private static string? Text(JsonObject body, string key) =>
        body[key] is null ? null : body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new UsageException($"\"{key}\" must be a string.");

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    private static string Shorten(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }
}
