using Docket.Tools;
using Docket.Tools.Document;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/split</c> agent: a PDF cut into one PDF per page, or per range of <c>config.ranges</c> ("1-2,3,4-").
/// </summary>
public sealed class DocumentSplitAgent(SplitTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "document/split";

    public string Description => "Splits a PDF into smaller PDFs by page ranges.";

    public IReadOnlyList<string> Toolsets { get; } = ["document"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "document", "page", cancellationToken);
}
