using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Engine;
using Docket.Executions;
using Docket.Server.Features.Agents;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Dashboard;

/// <summary>
/// The web dashboard at <c>/</c> and the few read-only extensions of the API it needs beyond
/// VLM Run's: the built-in agents, an execution's request, its status history with times, and the
/// pages of its inputs (and of any file) as images. The dashboard itself calls only <c>/v1</c> with the user's key.
/// </summary>
internal static class DashboardEndpoints
{
    // The dashboard runs only its own scripts and styles; artifacts and pages are shown from
    // blob: URLs made from authenticated fetches, since an <img src> cannot send a bearer key.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
        + "frame-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Index);
        app.MapGet("/index.html", Index);
        app.MapGet("/assets/{version}/{**path}", Asset);

        app.MapGet("/v1/agent/builtins", (AgentCatalog catalog) => Wire.Json(new JsonArray([.. catalog.All.Select(h => (JsonNode)AgentJson.Info(h))])));
        app.MapGet("/v1/agent/executions/{id}/request", ExecutionRequestAsync);
        app.MapGet("/v1/agent/executions/{id}/history", HistoryAsync);
        app.MapGet("/v1/agent/executions/{id}/pages/{page}", ExecutionPages.GetAsync);
        app.MapGet("/v1/files/{id}/pages/{page}", ExecutionPages.GetFilePageAsync);
    }

    private static IResult Index(HttpContext context, DashboardAssets assets)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return Serve(context, assets.TryGet("index.html", out var index) ? index : null, "no-cache");
    }

    private static IResult Asset(string version, string path, HttpContext context, DashboardAssets assets)
    {
        // An old version's URL (a page loaded before an upgrade) gets today's file, but is not
        // cached for long: the version in the URL no longer names these bytes.
        var cache = version == assets.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return Serve(context, assets.TryGet(path, out var asset) && path != "index.html" ? asset : null, cache);
    }

    private static IResult Serve(HttpContext context, DashboardAssets.Asset? asset, string cacheControl)
    {
        if (asset is null)
        {
            return ProblemResults.Result(404, "not_found", $"No dashboard file {context.Request.Path}.");
        }

        var headers = context.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>
    /// The request that made an execution, ready to be POSTed to <c>/agent/execute</c> again: the
    /// agent name, the inputs as MessageContent, the effective config it ran with, priority,
    /// toolsets, metadata and callback. The dashboard shows it and re-runs from it.
    /// </summary>
    private static async Task<IResult> ExecutionRequestAsync(string id, HttpContext context, ExecutionStore executions)
    {
        var execution = Ids.IsValid(id) ? await executions.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        return execution is null ? ProblemResults.NotFound("Execution", id) : Wire.Json(ExecutionRequestJson.From(execution));
    }

    /// <summary>Every recorded status change with its time: the execution's timeline, retries included.</summary>
    private static async Task<IResult> HistoryAsync(string id, HttpContext context, ExecutionStore executions, ExecutionEventStore history)
    {
        var execution = Ids.IsValid(id) ? await executions.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        if (execution is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var events = await history.ListAsync(id, 0, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
        {
            ["status"] = e.Status,
            ["attempt"] = e.Attempt,
            ["at"] = Wire.Time(e.At),
        })]));
    }
}
