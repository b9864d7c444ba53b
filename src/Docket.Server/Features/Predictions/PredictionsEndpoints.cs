using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Predictions;

/// <summary>
/// The older prediction API that published clients (npm <c>vlmrun@0.2.x</c>) still call. A
/// prediction is an execution: generate submits one through the same path as
/// <c>/agent/execute</c>, and <c>/predictions</c> reads executions in the prediction shape.
/// </summary>
internal static class PredictionsEndpoints
{
    /// <summary>The services the endpoints use; API nodes only, so <c>docket worker</c> has none of it.</summary>
    public static IServiceCollection AddPredictions(this IServiceCollection services)
    {
        services.AddOptions<PredictionOptions>().BindConfiguration("Docket:Predictions")
            .Validate(o => o.IsValid, "Docket:Predictions:SyncWaitSeconds must be more than 0 and at most 3600.").ValidateOnStart();
        services.AddSingleton<PredictionWaiter>();
        return services;
    }

    public static void MapPredictions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/document/generate", GenerateDocumentAsync);
        app.MapPost("/v1/image/generate", GenerateImageAsync);
        app.MapGet("/v1/predictions", ListAsync);
        app.MapGet("/v1/predictions/{id}", GetAsync);
    }

    private static Task<IResult> GenerateDocumentAsync(HttpContext context, ExecutionSubmitter submitter, PredictionWaiter waiter) =>
        GenerateAsync(context, "document", submitter, waiter);

    private static Task<IResult> GenerateImageAsync(HttpContext context, ExecutionSubmitter submitter, PredictionWaiter waiter) =>
        GenerateAsync(context, "image", submitter, waiter);

    /// <summary>
    /// <c>batch: true</c> answers at once with the pending prediction; <c>batch: false</c> (the
    /// client's default) holds the request until the prediction ends or the wait bound passes.
    /// </summary>
    private static async Task<IResult> GenerateAsync(HttpContext context, string route, ExecutionSubmitter submitter, PredictionWaiter waiter)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var (request, batch, translateProblem) = GenerateRequest.Translate(body!, route);
        if (translateProblem is not null)
        {
            return translateProblem.ToResult();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var (execution, submitProblem) = await submitter.SubmitAsync(context.TenantId(), request!, key.Length == 0 ? null : key, context.RequestAborted).ConfigureAwait(false);
        if (submitProblem is not null)
        {
            return submitProblem.ToResult();
        }

        if (!batch)
        {
            execution = await waiter.WaitForEndAsync(execution!, context.RequestAborted).ConfigureAwait(false);
        }

        return Wire.Json(PredictionJson.Response(execution!), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ExecutionStore executions)
    {
        var (skip, limit, problem) = Wire.Paging(context.Request);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var list = await executions.ListAsync(context.TenantId(), new ExecutionFilter(skip, limit), context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. list.Select(e => (JsonNode)PredictionJson.Response(e))]));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, ExecutionStore executions)
    {
        var execution = Ids.IsValid(id) ? await executions.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        return execution is null ? ProblemResults.NotFound("Prediction", id) : Wire.Json(PredictionJson.Response(execution));
    }
}
