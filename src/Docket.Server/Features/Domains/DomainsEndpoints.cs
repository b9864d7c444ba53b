using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Engine.Domains;
using Docket.Engine.Providers;
using Docket.Server.Features.Models;
using Docket.Server.Features.Health;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Domains;

/// <summary>
/// The older API's catalogue: models, hub info, the domains Docket ships and their schemas.
/// <c>/domains</c> and <c>/schema</c> are the pre-hub spellings of the same answers.
/// </summary>
internal static class DomainsEndpoints
{
    /// <summary>The model name the older clients default to; every domain runs on it.</summary>
    public const string Model = "vlm-1";

    public static void MapDomains(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListModels);
        app.MapGet("/v1/hub/info", Info);
        app.MapGet("/v1/hub/domains", ListDomains);
        app.MapGet("/v1/domains", ListDomains);
        app.MapPost("/v1/hub/schema", GetSchemaAsync);
        app.MapPost("/v1/schema", GetSchemaAsync);
    }

    public static Problem UnknownDomain(string domain) =>
        Problem.NotFound($"Domain '{domain}' not found; GET /v1/hub/domains lists the domains this server has.", "domain_not_found");

    private static IResult ListModels(ProviderRegistry providers) => Wire.Json(ModelListing.Rows(Model, providers));

    private static IResult Info() => Wire.Json(new JsonObject { ["version"] = HealthEndpoints.Version });

    private static IResult ListDomains() =>
        Wire.Json(new JsonArray([.. DomainCatalog.All.Select(d => (JsonNode)new JsonObject
        {
            ["domain"] = d.Domain,
            ["name"] = d.Name,
            ["description"] = d.Description,
        })]));

    /// <summary><c>{domain, gql_stmt?}</c> → the domain's schema, narrowed to the gql_stmt's fields when one is given.</summary>
    private static async Task<IResult> GetSchemaAsync(HttpRequest request)
    {
        var (body, problem) = await Wire.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (body!["domain"] is not JsonValue d || d.GetValueKind() != JsonValueKind.String)
        {
            return Problem.BadRequest("Give 'domain', such as \"document.invoice\".").ToResult();
        }

        if (body["gql_stmt"] is { } g && g.GetValueKind() != JsonValueKind.String)
        {
            return Problem.BadRequest("'gql_stmt' must be a string.").ToResult();
        }

        var domain = d.GetValue<string>();
        if (!DomainCatalog.TryGet(domain, out var definition))
        {
            return UnknownDomain(domain).ToResult();
        }

        var gql = Wire.OptionalString(body, "gql_stmt");
        var schema = definition.JsonSchema.DeepClone().AsObject();
        var hash = definition.SchemaHash;
        if (!string.IsNullOrWhiteSpace(gql))
        {
            var (narrowed, error) = GqlSelection.Apply(schema, gql);
            if (narrowed is null)
            {
                return Problem.BadRequest(error!, "invalid_gql_stmt").ToResult();
            }

            schema = narrowed;
            hash = Hashing.Sha256Hex(CanonicalJson.Serialize(schema))[..8];
        }

        return Wire.Json(new JsonObject
        {
            ["domain"] = definition.Domain,
            ["description"] = definition.Description,
            ["schema_version"] = definition.SchemaVersion,
            ["schema_hash"] = hash,
            ["gql_stmt"] = gql ?? string.Empty,
            ["json_schema"] = schema,
        });
    }
}
