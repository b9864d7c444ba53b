using System.Reflection;

namespace Docket.Server.Features.Health;

internal static class HealthEndpoints
{
    public static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Get);
        app.MapGet("/v1/health", Get);
    }

    private static IResult Get() => Results.Json(new { status = "ok", version = Version });
}
