using Docket.Agents;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Data;
using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Providers;
using Docket.Tools;
using Docket.Engine.Readers;
using Docket.Executions;
using Docket.Feedback;
using Docket.Files;
using Docket.Inputs;
using Docket.Queue;
using Docket.Server.Features.Executions;
using Docket.Tenants;
using Docket.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Server.Hosting;

/// <summary>Registers Docket's services for a data directory; shared by serve, worker and the key commands.</summary>
public static class DocketServices
{
    public static IServiceCollection AddDocket(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory);
        services.AddSingleton(TimeProvider.System);
        AddStores(services, configuration, data);

        services.AddOptions<QueueOptions>().Bind(configuration.GetSection("Docket:Queue")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<FileUploadOptions>().Bind(configuration.GetSection("Docket:Files")).Validate(o => o.MaxUploadBytes > 0, "Docket:Files:MaxUploadBytes must be positive.").ValidateOnStart();
        services.AddOptions<UrlFetchOptions>().Bind(configuration.GetSection("Docket:Inputs")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UrlFetchOptions>, UrlFetchOptionsValidator>();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection("Docket:Webhooks")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddOptions<OcrOptions>().Bind(configuration.GetSection("Docket:Ocr")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton<TenantStore>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<FileService>();
        services.AddSingleton<AgentStore>();
        services.AddSingleton<ExecutionStore>();
        services.AddSingleton<ExecutionQueue>();
        services.AddSingleton<ExecutionEventStore>();
        services.AddSingleton<ExecutionSignals>();
        services.AddSingleton<ExecutionSubmitter>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<UrlFetcher>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<InputResolver>();
        services.AddSingleton<ExecutionRunner>();
        services.AddSingleton<AgentCatalog>();
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection("Docket:Tools")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton<IAgentHandler, PipelineAgent>();
        services.AddSingleton(new ReaderLimits());
        services.AddSingleton(sp => new TesseractOcr(
            sp.GetRequiredService<IOptions<OcrOptions>>().Value,
            sp.GetRequiredService<IOptions<ToolOptions>>().Value.MemoryLimitMegabytes * 1024L * 1024L));
        services.AddSingleton(sp => new DocumentReader(sp.GetRequiredService<ReaderLimits>(), sp.GetRequiredService<TesseractOcr>()));
        services.AddSingleton<IAgentHandler, DocumentParseAgent>();
        services.AddSingleton<IAgentHandler, DocumentOcrAgent>();
        services.AddSingleton<IAgentHandler, DocumentCompareAgent>();
        services.AddSingleton<DocumentExtractAgent>();
        services.AddSingleton<IAgentHandler>(sp => sp.GetRequiredService<DocumentExtractAgent>());
        foreach (var domain in DomainExtractAgent.Domains)
        {
            services.AddSingleton<IAgentHandler>(sp => new DomainExtractAgent(sp.GetRequiredService<DocumentExtractAgent>(), domain));
        }

        services.AddDocketMediaTools(configuration);
        AddModelProviders(services, configuration);
        return services;
    }

    /// <summary>
    /// The two store seams: SQLite and local blobs in the data directory, or PostgreSQL (with its
    /// change listener) and an S3-compatible bucket shared by many nodes. Both settings are
    /// checked here, at start-up, with a message naming what is wrong.
    /// </summary>
    private static void AddStores(IServiceCollection services, IConfiguration configuration, string data)
    {
        var database = configuration.GetSection("Docket:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        database.Validate();
        if (database.IsPostgres)
        {
            services.AddSingleton(_ => new PostgresDatabase(database));
            services.AddSingleton<IDocketDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
            services.AddSingleton<PostgresChangeFeed>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeFeed>());
            services.AddHostedService<PostgresQueueVacuum>();
        }
        else
        {
            services.AddSingleton<IDocketDatabase>(_ => new SqliteDatabase(Path.Combine(data, "docket.db"), database.FullSync));
        }

        var blobs = configuration.GetSection("Docket:Blobs").Get<BlobOptions>() ?? new BlobOptions();
        blobs.Validate();
        if (!string.IsNullOrEmpty(blobs.Url))
        {
            var location = S3BlobLocation.Parse(blobs.Url);
            services.AddSingleton<IBlobStore>(_ => new S3BlobStore(location, Path.Combine(data, "s3")));
        }
        else
        {
            services.AddSingleton<IBlobStore>(_ => new LocalBlobStore(Path.Combine(data, "blobs")));
        }
    }

    /// <summary>
    /// Model providers (<c>Docket:Providers:&lt;name&gt;</c>, <c>Docket:Models</c>): their options,
    /// validated at start-up with the API key variables they name, and a <c>model/&lt;name&gt;</c>
    /// agent for each.
    /// </summary>
    private static void AddModelProviders(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelProvidersOptions>()
            .Configure(o =>
            {
                configuration.GetSection("Docket:Providers").Bind(o.Providers);
                configuration.GetSection("Docket:Models").Bind(o);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelProvidersOptions>>(new ModelProvidersValidator(Environment.GetEnvironmentVariable));
        services.AddSingleton(sp => new ProviderRegistry(sp.GetRequiredService<IOptions<ModelProvidersOptions>>(), Environment.GetEnvironmentVariable));
        services.AddSingleton<ModelHttp>();
        services.AddSingleton<ModelCallStore>();
        services.AddSingleton<ExecutionReplayer>();
        services.AddSingleton(sp => new ChatPassthrough(
            sp.GetRequiredService<FileStore>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<DocumentReader>(), sp.GetRequiredService<IOptions<OcrOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var models = sp.GetRequiredService<IOptions<ModelProvidersOptions>>().Value;
            var ocr = sp.GetRequiredService<IOptions<OcrOptions>>().Value;
            var tools = sp.GetRequiredService<IOptions<ToolOptions>>().Value;
            return new MediaFrames(ocr.Pdftoppm, models.Ffmpeg, models.Ffprobe, TimeSpan.FromSeconds(tools.TimeoutSeconds));
        });
        services.AddSingleton(sp => new ModelInputBuilder(
            sp.GetRequiredService<DocumentReader>(), sp.GetRequiredService<IOptions<OcrOptions>>().Value, sp.GetRequiredService<MediaFrames>()));
        foreach (var name in configuration.GetSection("Docket:Providers").GetChildren().Select(c => c.Key))
        {
            services.AddSingleton<IAgentHandler>(sp => new ModelAgent(
                sp.GetRequiredService<ProviderRegistry>().TryGet(name, out var provider) ? provider : throw new InvalidOperationException($"Provider '{name}' is not configured."),
                sp.GetRequiredService<ModelInputBuilder>(),
                sp.GetRequiredService<ToolCatalog>(),
                sp.GetRequiredService<IOptions<ToolOptions>>().Value,
                sp.GetRequiredService<ModelHttp>(),
                sp.GetRequiredService<ModelCallStore>(),
                sp.GetRequiredService<TimeProvider>()));
        }
    }

    /// <summary>The background parts: the worker pool and the webhook dispatcher.</summary>
    public static IServiceCollection AddDocketWorkers(this IServiceCollection services)
    {
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerPool>());
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
