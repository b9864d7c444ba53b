using Docket.Tools;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>video/thumbnails</c> agent: <c>config.count</c> frames spread evenly over the
/// video (default 4), <c>config.width</c> pixels wide (default 320), PNG or <c>config.format</c> jpeg.
/// </summary>
public sealed class VideoThumbnailsAgent(ThumbnailsTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "video/thumbnails";

    public string Description => "Takes evenly spaced thumbnail images of a video.";

    public IReadOnlyList<string> Toolsets { get; } = ["video"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "video", "video", cancellationToken);
}
