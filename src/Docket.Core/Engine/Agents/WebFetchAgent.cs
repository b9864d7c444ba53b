using System.Text.Json.Nodes;
using Docket.Tools;
using Docket.Tools.Web;
using Microsoft.Extensions.Options;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>web/fetch</c> agent: for each URL input (<c>{"url": "https://…"}</c> or any
/// MessageContent URL), the page's title and text, or the file as an artifact. The worker fetches
/// URL inputs through the SSRF guard before the agent runs (<c>Docket:Inputs</c>: private,
/// loopback and link-local addresses refused unless allowed, redirects re-checked, size and time
/// limits); the agent reads what arrived the way the <c>web.fetch</c> tool does.
/// </summary>
public sealed class WebFetchAgent(FetchTool tool, IOptions<ToolOptions> options) : IAgentHandler
{
    public string Name => "web/fetch";

    public string Description => "Fetches web pages or files by URL: each page's title and text, or the file (image, video, PDF) as an artifact.";

    public IReadOnlyList<string> Toolsets { get; } = ["web"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = context.Inputs.Where(i => i.Kind == InputKind.File).ToList();
        if (files.Count == 0)
        {
            throw ExecutionFailedException.InvalidInput("web/fetch needs a URL input, such as {\"url\": \"https://example.com/\"}.");
        }

        var tools = new ToolContext(context, options.Value);
        var documents = new JsonArray();
        foreach (var input in files)
        {
            var document = await tool.DescribeAsync(tools, input, cancellationToken).ConfigureAwait(false);
            document.Insert(0, "input", input.Name);
            document["sha256"] = input.Sha256;
            documents.Add(document);
        }

        return new AgentResult(ArtifactFields.Place(new JsonObject { ["documents"] = documents }, context.JsonSchema))
        {
            ElementsProcessed = files.Count,
            ElementType = "page",
        };
    }
}
