using System.Text.Json.Nodes;
using Docket.Blobs;
using Docket.Common;
using Docket.Files;
using Docket.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Features.Files;

internal static class FilesEndpoints
{
    public static void MapFiles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/files");
        group.MapPost("/", UploadAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/hash/{md5}", GetByHashAsync);
        group.MapPost("/presigned-url", CreatePresignedAsync);
        group.MapPut("/{id}/upload", ReceivePresignedAsync);
        group.MapGet("/verify-upload/{id}", VerifyUploadAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/content", DownloadAsync);
        group.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, FileService service)
    {
        var request = context.Request;
        var purpose = request.Query["purpose"].ToString();
        purpose = string.IsNullOrEmpty(purpose) ? "assistants" : purpose;
        if (!FileRecord.Purposes.Contains(purpose))
        {
            return Problem.BadRequest($"'purpose' must be one of {string.Join(", ", FileRecord.Purposes)}.").ToResult();
        }

        var limitProblem = ApplyUploadLimit(context, service.Options.MaxUploadBytes + (1 << 20));
        if (limitProblem is not null)
        {
            return limitProblem;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResults.Result(415, "unsupported_media_type", "Upload with multipart/form-data and one part named 'file'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return Problem.BadRequest("The multipart body has no boundary.").ToResult();
        }

        // A large buffer: the boundary scan and copies cost less per byte on big uploads.
        var reader = new MultipartReader(boundary, request.Body, 1 << 16) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value?.Trim('"') != "file")
                {
                    continue;
                }

                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                var file = await service.UploadAsync(context.TenantId(), section.Body, fileName, section.ContentType, purpose, context.RequestAborted).ConfigureAwait(false);
                return Wire.Json(FileJson.Response(file), StatusCodes.Status201Created);
            }
        }
        catch (BlobTooLargeException exception)
        {
            return Problem.TooLarge($"The file is larger than this server's upload limit of {exception.Limit} bytes.").ToResult();
        }
        catch (IOException exception) when (exception.Message.Contains("multipart", StringComparison.OrdinalIgnoreCase) || exception is EndOfStreamException || IsFromMultipartReader(exception))
        {
            return Problem.BadRequest($"The multipart body is malformed or incomplete: {exception.Message}").ToResult();
        }
        catch (InvalidDataException exception)
        {
            return Problem.BadRequest($"The multipart body is malformed: {exception.Message}").ToResult();
        }

        return Problem.BadRequest("The multipart body has no part named 'file'.").ToResult();
    }

    private static async Task<IResult> ListAsync(HttpContext context, FileStore files)
    {
        var (skip, limit, problem) = Wire.Paging(context.Request);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var list = await files.ListAsync(context.TenantId(), skip, limit, context.RequestAborted).ConfigureAwait(false);
        return Wire.Json(new JsonArray([.. list.Select(f => (JsonNode)FileJson.Response(f))]));
    }

    private static async Task<IResult> GetByHashAsync(string md5, HttpContext context, FileStore files)
    {
        var normalized = md5.ToLowerInvariant();
        if (normalized.Length != 32 || !normalized.All(char.IsAsciiHexDigit))
        {
            return Problem.BadRequest($"'{md5}' is not an MD5 hex digest.").ToResult();
        }

        var file = await files.FindByMd5Async(context.TenantId(), normalized, context.RequestAborted).ConfigureAwait(false);
        return file is null ? ProblemResults.NotFound("File with MD5", normalized) : Wire.Json(FileJson.Response(file));
    }

    private static async Task<IResult> CreatePresignedAsync(HttpContext context, FileService service)
    {
        var (body, problem) = await Wire.ReadObjectAsync(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var fileName = Wire.OptionalString(body!, "filename");
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return Problem.BadRequest("'filename' is required.").ToResult();
        }

        var purpose = Wire.OptionalString(body!, "purpose") ?? "assistants";
        if (!FileRecord.Purposes.Contains(purpose))
        {
            return Problem.BadRequest($"'purpose' must be one of {string.Join(", ", FileRecord.Purposes)}.").ToResult();
        }

        int? expiration = body!["expiration"] is JsonValue e && e.TryGetValue<int>(out var seconds) ? seconds : null;
        var (file, token, expiresAt) = await service.CreatePresignedAsync(context.TenantId(), fileName, purpose, expiration, context.RequestAborted).ConfigureAwait(false);
        var url = $"{PublicBase(context)}/v1/files/{file.Id}/upload?token={token}";
        return Wire.Json(new JsonObject
        {
            ["id"] = file.Id,
            ["url"] = url,
            ["filename"] = file.FileName,
            ["content_type"] = file.ContentType,
            ["upload_method"] = "PUT",
            ["method"] = "PUT",
            ["public_url"] = null,
            ["created_at"] = Wire.Time(file.CreatedAt),
            ["expiration"] = (int)((expiresAt - file.CreatedAt) / 1000),
        });
    }

    private static async Task<IResult> ReceivePresignedAsync(string id, HttpContext context, FileService service)
    {
        var token = context.Request.Query["token"].ToString();
        if (!Ids.IsValid(id) || string.IsNullOrEmpty(token))
        {
            return ProblemResults.Result(403, "forbidden", "This upload URL is not valid.");
        }

        var limitProblem = ApplyUploadLimit(context, service.Options.MaxUploadBytes);
        if (limitProblem is not null)
        {
            return limitProblem;
        }

        try
        {
            var file = await service.CompletePresignedAsync(id, token, context.Request.Body, context.Request.ContentType, context.RequestAborted).ConfigureAwait(false);
            return file is null
                ? ProblemResults.Result(403, "forbidden", "This upload URL is unknown, expired or already used.")
                : Wire.Json(FileJson.Response(file));
        }
        catch (BlobTooLargeException exception)
        {
            return Problem.TooLarge($"The file is larger than this server's upload limit of {exception.Limit} bytes.").ToResult();
        }
    }

    private static async Task<IResult> VerifyUploadAsync(string id, HttpContext context, FileStore files)
    {
        var file = Ids.IsValid(id) ? await files.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        if (file is null)
        {
            return ProblemResults.NotFound("File", id);
        }

        return file.Status == FileRecord.Ready
            ? Wire.Json(FileJson.Response(file))
            : Problem.Conflict($"File '{id}' is still waiting for its upload.", "upload_pending").ToResult();
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, FileStore files)
    {
        var file = Ids.IsValid(id) ? await files.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        return file is null || file.Status != FileRecord.Ready ? ProblemResults.NotFound("File", id) : Wire.Json(FileJson.Response(file));
    }

    private static async Task<IResult> DownloadAsync(string id, HttpContext context, FileStore files, IBlobStore blobs)
    {
        var file = Ids.IsValid(id) ? await files.GetAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        if (file?.Sha256 is null || file.Status != FileRecord.Ready)
        {
            return ProblemResults.NotFound("File", id);
        }

        var stream = await blobs.OpenReadAsync(file.Sha256, context.RequestAborted).ConfigureAwait(false);
        return Results.Stream(stream, file.ContentType, file.FileName, enableRangeProcessing: true);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, FileService service)
    {
        var file = Ids.IsValid(id) ? await service.DeleteAsync(context.TenantId(), id, context.RequestAborted).ConfigureAwait(false) : null;
        return file is null ? ProblemResults.NotFound("File", id) : Wire.Json(FileJson.Response(file));
    }

    /// <summary>Lifts Kestrel's default body limit for uploads and refuses a declared length over ours at once.</summary>
    private static IResult? ApplyUploadLimit(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return Problem.TooLarge($"The upload is larger than this server's limit of {limit} bytes.").ToResult();
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return null;
    }

    /// <summary>
    /// The multipart reader reports a body that ends before its closing boundary as a plain
    /// IOException ("Unexpected end of Stream"); that is the client's mistake, unlike a disk error.
    /// </summary>
    private static bool IsFromMultipartReader(IOException exception) =>
        exception.Source == typeof(MultipartReader).Assembly.GetName().Name;

    private static string PublicBase(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()["Docket:PublicUrl"];
        return string.IsNullOrEmpty(configured) ? $"{context.Request.Scheme}://{context.Request.Host}" : configured.TrimEnd('/');
    }
}
