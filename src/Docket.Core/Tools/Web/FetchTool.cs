using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Readers;
using Docket.Inputs;

namespace Docket.Tools.Web;

/// <summary>
/// <c>web.fetch</c>: downloads a page or file by URL into the execution through the same guard
/// as URL inputs (private, loopback and link-local addresses refused unless the operator allows
/// them with <c>Docket:Inputs:AllowPrivateUrls</c>; every redirect checked again; size and time
/// limits), then reads it (see <see cref="WebContent"/>).
/// </summary>
public sealed class FetchTool(UrlFetcher fetcher, DocumentReader reader) : ITool
{
    private const int DefaultMaxChars = 200_000;

    public string Name => "web.fetch";

    public string Toolset => "web";

    public string Description => "Fetches a web page or file by http(s) URL: a page's title and text; images, videos, audio and PDFs as artifacts (and a PDF's text).";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("url"),
        ["properties"] = new JsonObject
        {
            ["url"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["max_chars"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10_000_000, ["default"] = DefaultMaxChars, ["description"] = "Longest text returned; longer text is cut and marked truncated." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var text = ToolArgs.Text(arguments, Name, "url") ?? throw ToolArgs.Bad(Name, "url", "is required");
        var maxChars = ToolArgs.Integer(arguments, Name, "max_chars", 1, 10_000_000) ?? DefaultMaxChars;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !UrlGuard.IsHttp(url))
        {
            throw ToolArgs.Bad(Name, "url", "must be an absolute http or https URL");
        }

        var fetched = await fetcher.FetchAsync(url, context.WorkDirectory, cancellationToken).ConfigureAwait(false);
        var result = await WebContent.DescribeAsync(context, reader, new ToolFile(fetched.Path, fetched.FileName, fetched.ContentType), maxChars, cancellationToken).ConfigureAwait(false);
        result.Insert(0, "url", url.AbsoluteUri);
        result["sha256"] = fetched.Sha256;
        return result;
    }

    /// <summary>The same reading for a file already fetched (a URL input the worker downloaded).</summary>
    internal Task<JsonObject> DescribeAsync(ToolContext context, ExecutionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var file = new ToolFile(input.Path!, input.FileName ?? input.Name, input.ContentType);
        return WebContent.DescribeAsync(context, reader, file, DefaultMaxChars, cancellationToken);
    }
}
