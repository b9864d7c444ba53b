using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Common;
using Docket.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Artifacts;

internal static class ArtifactsEndpoints
{
    public static void MapArtifacts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/artifacts", GetAsync);
        app.MapGet("/v1/artifacts/list", ListAsync);
    }

    /// <summary>The artifact's bytes with its exact Content-Type (no charset: the Python SDK compares the value).</summary>
    private static async Task<IResult> GetAsync(HttpContext context, ArtifactStore artifacts, ExecutionStore executions, IBlobStore blobs)
    {
        var objectId = context.Request.Query["object_id"].ToString();
        if (!Ids.IsValid(objectId))
        {
            return Problem.BadRequest("'object_id' is required.").ToResult();
        }

        var (list, problem) = await FindAsync(context, artifacts, executions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var artifact = list!.LastOrDefault(a => a.ObjectId == objectId);
        if (artifact is null)
        {
            return ProblemResults.NotFound("Artifact", objectId);
        }

        var stream = await blobs.OpenReadAsync(artifact.Sha256, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{artifact.FileName.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
        return Results.Stream(stream, artifact.ContentType, enableRangeProcessing: true);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ArtifactStore artifacts, ExecutionStore executions)
    {
        var (list, problem) = await FindAsync(context, artifacts, executions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var namespaceId = context.Request.Query["execution_id"].ToString() is { Length: > 0 } e ? e : context.Request.Query["session_id"].ToString();
        return Wire.Json(new JsonObject
        {
            ["namespace_id"] = namespaceId,
            ["items"] = new JsonArray([.. list!.Select(a => (JsonNode)new JsonObject
            {
                ["object_id"] = a.ObjectId,
                ["filename"] = a.FileName,
                ["source"] = "store",
                ["content_type"] = a.ContentType,
                ["bytes"] = a.Bytes,
                ["execution_id"] = a.ExecutionId,
            })]),
        });
    }

    /// <summary>The artifacts of the execution_id or session_id named in the query, within the caller's tenant.</summary>
    private static async Task<(List<ArtifactRecord>? List, IResult? Problem)> FindAsync(HttpContext context, ArtifactStore artifacts, ExecutionStore executions)
    {
        var executionId = context.Request.Query["execution_id"].ToString();
        var sessionId = context.Request.Query["session_id"].ToString();
        if (executionId.Length == 0 == (sessionId.Length == 0))
        {
            return (null, Problem.BadRequest("Give exactly one of 'execution_id' or 'session_id'.").ToResult());
        }

        var id = executionId.Length > 0 ? executionId : sessionId;
        if (!Ids.IsValid(id))
        {
            return (null, ProblemResults.NotFound(executionId.Length > 0 ? "Execution" : "Session", id));
        }

        // An unknown execution or session (another tenant's included) is a 404 as on every other
        // endpoint; a known one without artifacts is an empty list.
        var tenantId = context.TenantId();
        if (executionId.Length > 0)
        {
            return await executions.GetAsync(tenantId, executionId, context.RequestAborted).ConfigureAwait(false) is null
                ? (null, ProblemResults.NotFound("Execution", executionId))
                : (await artifacts.ListForExecutionAsync(tenantId, executionId, context.RequestAborted).ConfigureAwait(false), null);
        }

        return await executions.SessionExistsAsync(tenantId, sessionId, context.RequestAborted).ConfigureAwait(false)
            ? (await artifacts.ListForSessionAsync(tenantId, sessionId, context.RequestAborted).ConfigureAwait(false), null)
            : (null, ProblemResults.NotFound("Session", sessionId));
    }
}
