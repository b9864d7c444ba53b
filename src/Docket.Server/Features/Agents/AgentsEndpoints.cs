using System.Text.Json.Nodes;
using Docket.Agents;
using Docket.Common;
using Docket.Engine;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Agents;

internal static class AgentsEndpoints
{
    public static void MapAgents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/agent", ListAsync);
        app.MapPost("/v1/agent/lookup", LookupAsync);
        app.MapPost("/v1/agent/create", CreateAsync);

        // Catch-all: a built-in agent's id is its name, which has a '/' (test/noop, document/parse).
        app.MapGet("/v1/agents/{**id}", GetAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AgentStore agents)
    {
        var (skip, limit, problem) = Wire.Paging(context.Request);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        // The SDKs list agents without paging and expect every version.
        if (!context.Request.Query.ContainsKey("limit"))
        {
            limit = 1000;
        }

        var list = await agents.ListAsync(context.TenantId(), skip, limit, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. list.Select(a => (JsonNode)AgentJson.Info(a))]));
    }

    private static async Task<IResult> LookupAsync(HttpContext context, AgentStore agents, AgentCatalog catalog)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var id = Wire.OptionalString(body!, "id");
        var name = Wire.OptionalString(body!, "name");
        var prompt = Wire.OptionalString(body!, "prompt");
        if (new[] { id, name, prompt }.Count(v => v is not null) != 1)
        {
            return Problem.BadRequest("Give exactly one of 'id', 'name' or 'prompt'.").ToResult();
        }

        var tenantId = context.TenantId();
        if (id is not null)
        {
            if (catalog.TryGet(id, out var builtinById))
            {
                return Wire.Json(AgentJson.Info(builtinById));
            }

            var byId = Ids.IsValid(id) ? await agents.GetAsync(tenantId, id, context.RequestAborted).ConfigureAwait(false) : null;
            return byId is null ? ProblemResults.NotFound("Agent", id) : Wire.Json(AgentJson.Info(byId));
        }

        if (name is not null)
        {
            var parsed = AgentName.TryParse(name, out var error);
            if (parsed is null)
            {
                return Problem.BadRequest(error!, "invalid_agent_name").ToResult();
            }

            if (catalog.TryGet(parsed.Name, out var builtin))
            {
                return Wire.Json(AgentJson.Info(builtin));
            }

            var byName = await agents.FindAsync(tenantId, parsed, context.RequestAborted).ConfigureAwait(false);
            return byName is null ? ProblemResults.NotFound("Agent", name) : Wire.Json(AgentJson.Info(byName));
        }

        var byPrompt = await agents.FindByPromptAsync(tenantId, prompt!, context.RequestAborted).ConfigureAwait(false);
        return byPrompt is null ? Problem.NotFound("No agent has this prompt.").ToResult() : Wire.Json(AgentJson.Info(byPrompt));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AgentStore agents, AgentCatalog catalog)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (body!["config"] is not JsonObject config)
        {
            return Problem.BadRequest("'config' (an object with 'prompt' and optionally 'json_schema') is required.").ToResult();
        }

        config = config.DeepClone().AsObject();
        foreach (var key in config.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            config.Remove(key);
        }

        if (config["prompt"] is { } p && p.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return Problem.BadRequest("'config.prompt' must be a string.").ToResult();
        }

        if (config["json_schema"] is not (null or JsonObject))
        {
            return Problem.BadRequest("'config.json_schema' must be a JSON Schema object.").ToResult();
        }

        if (body["inputs"] is JsonObject inputs)
        {
            // The declared input model travels with the agent's config.
            config["inputs"] = inputs.DeepClone();
        }

        AgentName? name = null;
        if (Wire.OptionalString(body, "name") is { } nameText)
        {
            name = AgentName.TryParse(nameText, out var error);
            if (name is null)
            {
                return Problem.BadRequest(error!, "invalid_agent_name").ToResult();
            }

            if (catalog.TryGet(name.Name, out _))
            {
                return Problem.Conflict($"'{name.Name}' is the name of a built-in agent; choose another name.", "reserved_name").ToResult();
            }
        }

        var callbackUrl = Wire.OptionalString(body, "callback_url");
        if (callbackUrl is not null && !Uri.TryCreate(callbackUrl, UriKind.Absolute, out _))
        {
            return Problem.BadRequest("'callback_url' must be an absolute http(s) URL.").ToResult();
        }

        try
        {
            var agent = await agents.CreateAsync(context.TenantId(), name, config, Wire.OptionalString(body, "description"), callbackUrl, context.RequestAborted).ConfigureAwait(false);
            return Wire.Json(AgentJson.Created(agent));
        }
        catch (AgentConflictException exception)
        {
            return Problem.Conflict(exception.Message, "agent_version_exists").ToResult();
        }
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, AgentStore agents, AgentCatalog catalog)
    {
        if (catalog.TryGet(id, out var builtin))
        {
            return Wire.Json(AgentJson.Info(builtin));
        }

        var agent = Ids.IsValid(id) ? await agents.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        return agent is null ? ProblemResults.NotFound("Agent", id) : Wire.Json(AgentJson.Info(agent));
    }
}
