using Docket.Tools;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>image/ocr</c> agent: the text of an image read by Tesseract, each line and word with its box in pixels.
/// </summary>
public sealed class ImageOcrAgent(OcrTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "image/ocr";

    public string Description => "Reads the text in an image, line by line, with word boxes in pixels.";

    public IReadOnlyList<string> Toolsets { get; } = ["image"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "image", "image", cancellationToken);
}
