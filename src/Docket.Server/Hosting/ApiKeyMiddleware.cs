using Docket.Tenants;

namespace Docket.Server.Hosting;

/// <summary>
/// Bearer API keys on every <c>/v1</c> call except health and the presigned PUT (whose one-time
/// token is its credential).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, TenantStore tenants)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1", StringComparison.Ordinal) || IsPublic(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var tenantId = string.IsNullOrEmpty(key) ? null : await tenants.AuthenticateAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (tenantId is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResults.WriteAsync(context, 401, "unauthorized", key is null ? "Missing API key: send 'Authorization: Bearer <key>'." : "Invalid or revoked API key.").ConfigureAwait(false);
            return;
        }

        TenantContext.Set(context, tenantId);
        await next(context).ConfigureAwait(false);
    }

    private static bool IsPublic(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        return path is "/v1/health" or "/v1/health/"
            || (HttpMethods.IsPut(context.Request.Method) && path.StartsWith("/v1/files/", StringComparison.Ordinal) && path.EndsWith("/upload", StringComparison.Ordinal));
    }
}
