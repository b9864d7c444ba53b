using System.Text.Json;
using Docket.Blobs;
using Docket.Common;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Executions;
using Docket.Files;
using Docket.Server.Hosting;
using Docket.Tools;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Dashboard;

/// <summary>
/// <c>GET /v1/agent/executions/{id}/pages/{n}</c>: page <c>n</c> of an execution's documents as
/// an image, numbered as grounding numbers them (1-based, counted across the document inputs in
/// order), so the dashboard can draw a value's box over the page it was read from; and
/// <c>GET /v1/files/{id}/pages/{n}</c>: page <c>n</c> of one uploaded file, for previews.
/// </summary>
internal static class ExecutionPages
{
    public static async Task<IResult> GetAsync(
        string id,
        string page,
        HttpContext context,
        ExecutionStore executions,
        FileStore files,
        IBlobStore blobs,
        DocumentReader reader,
        IOptions<OcrOptions> ocr,
        IOptions<ToolOptions> tools)
    {
        var cancellationToken = context.RequestAborted;
        var execution = Ids.IsValid(id) ? await executions.GetAsync(context.TenantId(), id, cancellationToken).ConfigureAwait(false) : null;
        if (execution is null)
        {
            return ProblemResults.NotFound("Execution", id);
        }

        var (number, dpi, problem) = PageRenderer.ParseRequest(context, page);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var specs = JsonSerializer.Deserialize<List<InputSpec>>(execution.Inputs) ?? [];
        var first = 1;
        foreach (var spec in specs.Where(s => s.Kind is "file" or "url" or "text"))
        {
            var source = await PageRenderer.OpenAsync(execution.TenantId, spec, files, blobs, reader, cancellationToken).ConfigureAwait(false);
            if (source.Problem is not null)
            {
                return source.Problem.ToResult();
            }

            if (number < first + source.Pages)
            {
                return await PageRenderer.ServeAsync(context, source, number - first + 1, number, dpi, $"input '{spec.Name}'", ocr.Value, tools.Value).ConfigureAwait(false);
            }

            first += source.Pages;
        }

        return Problem.NotFound($"Execution '{id}' has {first - 1} page(s); there is no page {number}.", "page_not_found").ToResult();
    }

    public static async Task<IResult> GetFilePageAsync(
        string id,
        string page,
        HttpContext context,
        FileStore files,
        IBlobStore blobs,
        DocumentReader reader,
        IOptions<OcrOptions> ocr,
        IOptions<ToolOptions> tools)
    {
        var cancellationToken = context.RequestAborted;
        var file = Ids.IsValid(id) ? await files.GetAsync(context.TenantId(), id, cancellationToken).ConfigureAwait(false) : null;
        if (file?.Sha256 is null || file.Status != FileRecord.Ready)
        {
            return ProblemResults.NotFound("File", id);
        }

        var (number, dpi, problem) = PageRenderer.ParseRequest(context, page);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var source = await PageRenderer.OpenFileAsync(file, $"File '{file.Id}'", blobs, reader, cancellationToken).ConfigureAwait(false);
        if (source.Problem is not null)
        {
            return source.Problem.ToResult();
        }

        return number > source.Pages
            ? Problem.NotFound($"File '{id}' has {source.Pages} page(s); there is no page {number}.", "page_not_found").ToResult()
            : await PageRenderer.ServeAsync(context, source, number, number, dpi, $"file '{file.FileName}'", ocr.Value, tools.Value).ConfigureAwait(false);
    }
}
