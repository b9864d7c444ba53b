using Docket.Tools;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>video/blur-faces</c> agent: the video with every face blurred (H.264 MP4, the
/// same frames, frame rate and audio) and the faces found on the searched frames;
/// <c>config.detect_every</c> and <c>config.search_size</c> trade speed for small faces.
/// </summary>
public sealed class VideoBlurFacesAgent(BlurFacesTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "video/blur-faces";

    public string Description => "Blurs the faces in a video and returns it as H.264 MP4, with the faces found.";

    public IReadOnlyList<string> Toolsets { get; } = ["video"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "video", "video", cancellationToken);
}
