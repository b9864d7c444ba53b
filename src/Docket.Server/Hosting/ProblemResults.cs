using System.Text.Json.Nodes;
using Docket.Common;
using Microsoft.AspNetCore.WebUtilities;

namespace Docket.Server.Hosting;

/// <summary>
/// Every non-2xx answer: <c>{"detail": …}</c> as the SDKs read it, plus the problem-details fields
/// <c>type</c>, <c>title</c>, <c>status</c> and a stable <c>code</c>.
/// </summary>
internal static class ProblemResults
{
    public static IResult ToResult(this Problem problem) => Result(problem.Status, problem.Code, problem.Detail);

    public static IResult Result(int status, string code, string detail) =>
        Results.Text(Body(status, code, detail).ToJsonString(Wire.Options), "application/json", null, status);

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Body(status, code, detail).ToJsonString(Wire.Options), context.RequestAborted).ConfigureAwait(false);
    }

    public static IResult NotFound(string what, string id) => Result(404, "not_found", $"{what} '{id}' not found.");

    private static JsonObject Body(int status, string code, string detail) => new()
    {
        ["detail"] = detail,
        ["type"] = $"https://docket.dev/problems/{code}",
        ["title"] = Title(status),
        ["status"] = status,
        ["code"] = code,
    };

    // The standard reason phrase for every status: BadHttpRequestException brings 408, 431 and others.
    private static string Title(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
