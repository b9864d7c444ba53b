using Docket.Tools;
using Docket.Tools.Document;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/redact</c> agent: the text that <c>config.patterns</c> (regular expressions) or <c>config.text</c> (phrases) match, covered on every page and removed from the file.
/// </summary>
public sealed class DocumentRedactAgent(RedactTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "document/redact";

    public string Description => "Removes the text matching config.patterns or config.text from a PDF, returning a new PDF of page images.";

    public IReadOnlyList<string> Toolsets { get; } = ["document"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        ToolAgentRun.RunAsync(tool, context, options.Value, "document", "page", cancellationToken);
}
