using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Blobs;
using Docket.Common;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Files;

namespace Docket.Engine.Providers;

/// <summary>
/// Prepares a client's OpenAI chat completion request for a provider: the model becomes the
/// provider's model id; Docket's own keys (<c>toolsets</c>, <c>skills</c>, <c>models</c>,
/// <c>session_id</c>) are dropped; <c>temperature</c> and <c>seed</c> get the provider's defaults when
/// absent; and message parts that name an uploaded file (<c>{"type": "input_file", "file_id": …}</c>,
/// as the VLM Run CLI sends them) become a picture for a vision model or the document's text.
/// </summary>
public sealed class ChatPassthrough(FileStore files, IBlobStore blobs, DocumentReader reader, OcrOptions ocr)
{
    private const long MaxFileBytes = 64L << 20;
    private static readonly string[] DocketKeys = ["toolsets", "skills", "models", "session_id"];

    public async Task<(JsonObject? Body, Problem? Problem)> PrepareAsync(string tenantId, JsonObject request, ModelProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(provider);
        if (request["messages"] is not JsonArray { Count: > 0 })
        {
            return (null, Problem.BadRequest("'messages' must be a non-empty array of chat messages."));
        }

        var body = request.DeepClone().AsObject();
        foreach (var key in DocketKeys)
        {
            body.Remove(key);
        }

        body["model"] = provider.Options.Model;
        body["temperature"] ??= provider.Options.Temperature;
        body["seed"] ??= provider.Options.Seed;
        foreach (var message in ((JsonArray)body["messages"]!).OfType<JsonObject>())
        {
            if (message["content"] is not JsonArray parts)
            {
                continue;
            }

            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] is JsonObject part && part["type"]?.ToString() is "input_file" or "file" && FileId(part) is { } fileId)
                {
                    var (replacement, problem) = await FilePartAsync(tenantId, fileId, provider, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return (null, problem);
                    }

                    parts[i] = replacement;
                }
            }
        }

        return (body, null);
    }

    private static string? FileId(JsonObject part) => part["file_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
        ? id.GetValue<string>()
        : part["file"]?["file_id"] is JsonValue nested && nested.GetValueKind() == JsonValueKind.String ? nested.GetValue<string>() : null;

    private async Task<(JsonObject? Part, Problem? Problem)> FilePartAsync(string tenantId, string fileId, ModelProvider provider, CancellationToken cancellationToken)
    {
        var file = Ids.IsValid(fileId) ? await files.GetAsync(tenantId, fileId, cancellationToken).ConfigureAwait(false) : null;
        if (file?.Sha256 is null || file.Status != FileRecord.Ready)
        {
            return (null, Problem.NotFound($"File '{fileId}' not found.", "file_not_found"));
        }

        if (file.Bytes > MaxFileBytes)
        {
            return (null, Problem.TooLarge($"File '{fileId}' is {file.Bytes} bytes; chat messages take files of at most {MaxFileBytes} bytes."));
        }

        byte[] bytes;
        var stream = await blobs.OpenReadAsync(file.Sha256, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            bytes = copy.ToArray();
        }

        try
        {
            if (MediaKinds.Of(bytes, file.ContentType, file.FileName, null) != MediaKind.Document)
            {
                return (null, Problem.Unprocessable($"File '{fileId}' ({file.FileName}) is video or audio; chat messages take images and documents."));
            }

            var format = DocumentFormatDetector.Detect(bytes, file.ContentType, file.FileName);
            if (format == DocumentFormat.Image && provider.Options.Vision && ImageScaler.ToDataUrl(bytes, provider.Options.MaxImageSide, ocr.MaxPixels, file.FileName) is { } picture)
            {
                return (ModelInputBuilder.Image(picture), null);
            }

            var layout = await reader.ReadAsync(bytes, file.ContentType, file.FileName, cancellationToken).ConfigureAwait(false);
            var text = string.Join("\n\n", layout.Pages.Select(p => p.Text));
            return (ModelInputBuilder.Text($"File {file.FileName}:\n{text}"), null);
        }
        catch (ExecutionFailedException failure) when (failure.Code == ErrorCodes.InvalidInput)
        {
            return (null, Problem.Unprocessable(failure.Message));
        }
    }
}
