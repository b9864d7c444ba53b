using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Tools;
using Docket.Tools.Core;
using Docket.Tools.Document;
using Docket.Tools.Image;
using Docket.Tools.Video;
using Docket.Tools.Viz;
using Docket.Tools.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Docket.Server.Hosting;

/// <summary>Registers the core, image, document, video, viz and web toolsets and the built-in agents made of them.</summary>
public static class MediaServices
{
    public static IServiceCollection AddDocketMediaTools(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VideoOptions>().Bind(configuration.GetSection("Docket:Video")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton<Ffmpeg>();
        AddTool<ProbeTool>(services);
        AddTool<ThumbnailsTool>(services);
        AddTool<FramesTool>(services);
        AddTool<KeyframesTool>(services);
        AddTool<TrimTool>(services);
        AddTool<TranscodeTool>(services);
        services.AddSingleton<IAgentHandler, VideoThumbnailsAgent>();
        services.AddSingleton<IAgentHandler, VideoKeyframesAgent>();

        // The image toolset owns the face detector; whichever registration comes first serves both.
        services.AddOptions<ImageToolOptions>().Bind(configuration.GetSection("Docket:Tools:Image")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.TryAddSingleton(sp => new FaceDetector(sp.GetRequiredService<IOptions<ImageToolOptions>>().Value));
        AddTool<BlurFacesTool>(services);
        services.AddSingleton<IAgentHandler, VideoBlurFacesAgent>();

        AddTool<DetectFacesTool>(services);
        AddTool<ImageBlurFacesTool>(services);
        AddTool<BlurRegionsTool>(services);
        AddTool<RedactTextTool>(services);
        AddTool<OcrTool>(services);
        AddTool<CropTool>(services);
        AddTool<ResizeTool>(services);
        AddTool<RotateTool>(services);
        AddTool<DeskewTool>(services);
        AddTool<GrayscaleTool>(services);
        AddTool<ThumbnailTool>(services);
        AddTool<AnnotateTool>(services);
        services.AddSingleton<IAgentHandler, ImageBlurFacesAgent>();
        services.AddSingleton<IAgentHandler, ImageRedactTextAgent>();
        services.AddSingleton<IAgentHandler, ImageOcrAgent>();

        AddTool<ReadTool>(services);
        AddTool<CoreOcrTool>(services);
        AddTool<ValidateJsonTool>(services);

        AddTool<RenderPagesTool>(services);
        AddTool<SplitTool>(services);
        AddTool<MergeTool>(services);
        AddTool<ExtractTablesTool>(services);
        AddTool<RedactTool>(services);
        services.AddSingleton<IAgentHandler, DocumentRenderPagesAgent>();
        services.AddSingleton<IAgentHandler, DocumentSplitAgent>();
        services.AddSingleton<IAgentHandler, DocumentRedactAgent>();

        services.AddOptions<VizOptions>().Bind(configuration.GetSection("Docket:Viz")).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        AddTool<ChartTool>(services);
        services.AddSingleton<IAgentHandler, VizChartAgent>();

        AddTool<FetchTool>(services);
        services.AddSingleton<IAgentHandler, WebFetchAgent>();
        return services;
    }

    /// <summary>A tool is one instance, reachable by its type (agents) and as an <see cref="ITool"/> (the catalog).</summary>
    private static void AddTool<T>(IServiceCollection services)
        where T : class, ITool
    {
        services.AddSingleton<T>();
        services.AddSingleton<ITool>(sp => sp.GetRequiredService<T>());
    }
}
