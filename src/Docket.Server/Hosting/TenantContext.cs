namespace Docket.Server.Hosting;

/// <summary>The authenticated tenant of a request, set by <see cref="ApiKeyMiddleware"/>.</summary>
internal static class TenantContext
{
    private const string Key = "docket.tenant";

    public static void Set(HttpContext context, string tenantId) => context.Items[Key] = tenantId;

    /// <summary>The caller's tenant; every endpoint behind the key check has one.</summary>
    public static string TenantId(this HttpContext context) =>
        context.Items[Key] as string ?? throw new InvalidOperationException("The request was not authenticated.");
}
