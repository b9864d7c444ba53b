using Docket.Tools;
using Docket.Tools.Document;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/render-pages</c> agent: PDF pages as PNG images; <c>config.pages</c> ("1-3,5"), <c>config.dpi</c> (default 150) and <c>config.gray</c> choose which and how.
/// </summary>
public sealed class DocumentRenderPagesAgent(RenderPagesTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "document/render-pages";

    public string Description => "Renders the pages of a PDF to PNG images.";

    public IReadOnlyList<string> Toolsets { get; } = ["document"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "document", "page", cancellationToken);
}
