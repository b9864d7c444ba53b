using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Engine.Providers;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Models;

/// <summary>
/// <c>POST /v1/openai/chat/completions</c>: the OpenAI-compatible chat endpoint the VLM Run SDKs'
/// <c>agent.completions</c> call (an OpenAI client based at <c>{base_url}/openai</c>). The request
/// goes to the provider its <c>model</c> names (or the default provider); with <c>stream: true</c>
/// the provider's server-sent events are passed through as they arrive. Provider refusals keep
/// their 4xx status; an unreachable or failing provider is a 502, a slow one 504.
/// </summary>
internal static class OpenAiEndpoints
{
    public static void MapOpenAi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/openai/chat/completions", CompleteAsync);

    private static async Task CompleteAsync(HttpContext context, ProviderRegistry providers, ChatPassthrough passthrough, ModelHttp http)
    {
        var (request, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            await WriteAsync(context, problem).ConfigureAwait(false);
            return;
        }

        var model = request!["model"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
        var (provider, _) = providers.Route([], model);
        if (provider is null)
        {
            await WriteAsync(context, Problem.NotFound(
                providers.All.Count == 0
                    ? "No model provider is configured on this server (Docket:Providers), so chat completions are not available."
                    : $"No model provider serves model '{model}'; the providers are {string.Join(", ", providers.All.Select(p => p.Name))}.",
                "model_not_found")).ConfigureAwait(false);
            return;
        }

        var (body, prepareProblem) = await passthrough.PrepareAsync(context.TenantId(), request, provider, context.RequestAborted).ConfigureAwait(false);
        if (prepareProblem is not null)
        {
            await WriteAsync(context, prepareProblem).ConfigureAwait(false);
            return;
        }

        var streamed = body!["stream"]?.GetValueKind() == JsonValueKind.True;
        var sessionId = request["session_id"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : Ids.New();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        limit.CancelAfter(TimeSpan.FromSeconds(provider.Options.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.PostChatAsync(provider, body, streamed, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await ProblemResults.WriteAsync(context, 504, "model_timeout", $"Provider '{provider.Name}' did not answer within {provider.Options.TimeoutSeconds} s.").ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException exception)
        {
            await ProblemResults.WriteAsync(context, 502, "model_unavailable", $"Provider '{provider.Name}' could not be reached: {exception.Message}").ConfigureAwait(false);
            return;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(context.RequestAborted).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString();
                }

                await ProblemResults.WriteAsync(
                    context,
                    status is >= 400 and < 500 ? status : 502,
                    "model_error",
                    $"Provider '{provider.Name}' answered {status}: {ModelHttp.ErrorMessage(text)}").ConfigureAwait(false);
                return;
            }

            if (streamed)
            {
                // The stream may run longer than one call's timeout; from here only the client ends it.
                limit.CancelAfter(Timeout.InfiniteTimeSpan);
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                var source = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    var buffer = new byte[16 * 1024];
                    int read;
                    while ((read = await source.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                }

                return;
            }

            var json = await response.Content.ReadAsStringAsync(context.RequestAborted).ConfigureAwait(false);
            JsonNode? completion;
            try
            {
                completion = JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                completion = null;
            }

            if (completion is not JsonObject answer)
            {
                await ProblemResults.WriteAsync(context, 502, "model_error", $"Provider '{provider.Name}' answered with a body that is not JSON: {ModelHttp.ErrorMessage(json)}").ConfigureAwait(false);
                return;
            }

            // The VLM Run CLI reads session_id from the completion.
            answer["session_id"] ??= sessionId;
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString(Wire.Options), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext context, Problem problem) =>
        ProblemResults.WriteAsync(context, problem.Status, problem.Code, problem.Detail);
}
