using Docket.Tools;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>image/blur-faces</c> agent: the image with every face blurred (PNG, same size, untouched outside the face boxes) and the faces found, <c>{image: img_…, faces: [{box, confidence}]}</c>; <c>config.method</c> pixelate and <c>config.cell</c> change how faces are hidden.
/// </summary>
public sealed class ImageBlurFacesAgent(ImageBlurFacesTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "image/blur-faces";

    public string Description => "Blurs the faces in an image and returns it as PNG of the same size, with the faces found.";

    public IReadOnlyList<string> Toolsets { get; } = ["image"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "image", "image", cancellationToken);
}
