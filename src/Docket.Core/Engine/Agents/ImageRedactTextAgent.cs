using Docket.Tools;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>image/redact-text</c> agent: text found by OCR covered with solid boxes; <c>config.patterns</c> (regular expressions) or <c>config.text</c> (phrases) choose what, everything by default.
/// </summary>
public sealed class ImageRedactTextAgent(RedactTextTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "image/redact-text";

    public string Description => "Covers the text an image shows (all of it, or what config.patterns or config.text match) and returns it as PNG.";

    public IReadOnlyList<string> Toolsets { get; } = ["image"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "image", "image", cancellationToken);
}
