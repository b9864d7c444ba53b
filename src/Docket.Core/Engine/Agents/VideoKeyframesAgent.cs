using Docket.Tools;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>video/keyframes</c> agent: the frames where the picture changes (cuts, or
/// enough gradual change), with their times; <c>config.threshold</c>, <c>min_gap</c>,
/// <c>max_frames</c>, <c>width</c>, <c>format</c> tune it.
/// </summary>
public sealed class VideoKeyframesAgent(KeyframesTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "video/keyframes";

    public string Description => "Finds the keyframes of a video (where the picture changes) and returns them as images with their times.";

    public IReadOnlyList<string> Toolsets { get; } = ["video"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "video", "video", cancellationToken);
}
