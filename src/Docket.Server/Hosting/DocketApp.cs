using System.Text.Json;
using Docket.Server.Features.Agents;
using Docket.Server.Features.Artifacts;
using Docket.Server.Features.Dashboard;
using Docket.Server.Features.Domains;
using Docket.Server.Features.Executions;
using Docket.Server.Features.Feedback;
using Docket.Server.Features.Files;
using Docket.Server.Features.Health;
using Docket.Server.Features.Models;
using Docket.Server.Features.Predictions;
using Microsoft.AspNetCore.Diagnostics;

namespace Docket.Server.Hosting;

/// <summary>Builds the Docket web application: <c>docket serve</c>, the tests' host and the benchmarks' host all use this.</summary>
public static class DocketApp
{
    public static WebApplication Build(DocketHostSettings settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        if (settings.Workers is { } workers)
        {
            builder.Configuration["Docket:Queue:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 32L << 20;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddDocket(builder.Configuration, settings.DataDirectory);
        builder.Services.AddDocketWorkers();
        builder.Services.AddPredictions();
        builder.Services.AddSingleton<DashboardAssets>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(HandleErrorAsync));
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRouting();
        app.MapHealth();
        app.MapFiles();
        app.MapAgents();
        app.MapExecutions();
        app.MapArtifacts();
        app.MapFeedback();
        app.MapPredictions();
        app.MapDomains();
        app.MapModels();
        app.MapOpenAi();
        app.MapDashboard();
        app.MapFallback("/v1/{**path}", (HttpContext context) => ProblemResults.Result(404, "not_found", $"No endpoint {context.Request.Method} {context.Request.Path}."));
        return app;
    }

    /// <summary>A host that runs workers and webhook deliveries only: <c>docket worker</c>.</summary>
    public static IHost BuildWorker(DocketHostSettings settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        if (settings.Workers is { } workers)
        {
            builder.Configuration["Docket:Queue:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddDocket(builder.Configuration, settings.DataDirectory);
        builder.Services.AddDocketWorkers();
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// The one place unexpected exceptions are logged. Client mistakes that surface as exceptions
    /// (a body over Kestrel's limit, a body that is not JSON) keep their 4xx: the SDKs retry every
    /// 5xx, so a deterministic failure must never be one.
    /// </summary>
    private static async Task HandleErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        switch (error)
        {
            case BadHttpRequestException bad:
                await ProblemResults.WriteAsync(context, bad.StatusCode, bad.StatusCode == 413 ? "too_large" : "invalid_request", bad.Message).ConfigureAwait(false);
                return;
            case JsonException json:
                await ProblemResults.WriteAsync(context, 400, "malformed_json", $"The request body is not valid JSON: {json.Message}").ConfigureAwait(false);
                return;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Docket.Server");
        logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        await ProblemResults.WriteAsync(context, 500, "internal", "The server failed to handle this request; it has been logged.").ConfigureAwait(false);
    }
}
