using System.Text.Json.Nodes;
using Docket.Engine.Domains;
using Docket.Engine.Providers;

namespace Docket.Server.Features.Models;

/// <summary>
/// The rows of <c>GET /v1/models</c>: <c>{model, domain}</c> for every domain each model can run, as
/// the SDKs' <c>models.list()</c> reads them — the built-in engine first, then every configured
/// provider under its own name. Extensions say what is behind a name: engine, provider model id,
/// base URL, capabilities, the request names that route to it and whether it is the default.
/// The API key itself is never shown.
/// </summary>
internal static class ModelListing
{
    public static JsonArray Rows(string builtinModel, ProviderRegistry providers)
    {
        var rows = new JsonArray();
        foreach (var domain in DomainCatalog.All)
        {
            rows.Add(new JsonObject
            {
                ["model"] = builtinModel,
                ["domain"] = domain.Domain,
                ["engine"] = "builtin",
                ["default"] = providers.Default is null,
            });
        }

        foreach (var provider in providers.All)
        {
            foreach (var domain in DomainCatalog.All)
            {
                rows.Add(new JsonObject
                {
                    ["model"] = provider.Name,
                    ["domain"] = domain.Domain,
                    ["engine"] = ModelProvider.EngineId,
                    ["default"] = providers.Default == provider,
                    ["provider"] = provider.Name,
                    ["provider_model"] = provider.Options.Model,
                    ["base_url"] = provider.Options.BaseUrl,
                    ["api_key_variable"] = provider.Options.ApiKeyVariable,
                    ["capabilities"] = new JsonArray([.. provider.Capabilities.Select(c => (JsonNode)c)]),
                    ["aliases"] = new JsonArray([.. provider.Options.Aliases.Select(a => (JsonNode)a)]),
                    ["max_tool_steps"] = provider.Options.MaxToolSteps,
                });
            }
        }

        return rows;
    }
}
