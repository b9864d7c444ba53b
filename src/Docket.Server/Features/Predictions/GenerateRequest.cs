using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Common;
using Docket.Engine.Domains;
using Docket.Server.Features.Domains;

namespace Docket.Server.Features.Predictions;

/// <summary>
/// Translates the older API's <c>POST /{document,image}/generate</c> body into an
/// AgentExecutionRequest: the domain's schema (or the caller's <c>config.json_schema</c>) becomes
/// the config, so the execution runs whichever handler fills a schema, exactly as an inline
/// <c>/agent/execute</c> with that schema would.
/// </summary>
internal static class GenerateRequest
{
    /// <returns>The execution request and whether the caller asked for batch (asynchronous) mode.</returns>
    public static (JsonObject? Execution, bool Batch, Problem? Problem) Translate(JsonObject body, string route)
    {
        if (body["batch"] is { } batchNode && batchNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Fail("'batch' must be true or false.");
        }

        var batch = body["batch"]?.GetValueKind() == JsonValueKind.True;
        foreach (var key in new[] { "domain", "model", "callback_url" })
        {
            if (body[key] is { } node && node.GetValueKind() != JsonValueKind.String)
            {
                return Fail($"'{key}' must be a string.");
            }
        }

        if (body["config"] is not (null or JsonObject) || body["metadata"] is not (null or JsonObject))
        {
            return Fail("'config' and 'metadata' must be objects.");
        }

        var config = body["config"] as JsonObject ?? [];
        if (config["json_schema"] is not (null or JsonObject))
        {
            return Fail("'config.json_schema' must be a JSON Schema object.");
        }

        if (config["gql_stmt"] is { } gqlNode && gqlNode.GetValueKind() != JsonValueKind.String)
        {
            return Fail("'config.gql_stmt' must be a string.");
        }

        var domain = body["domain"]?.GetValue<string>();
        var (schema, resolvedDomain, schemaProblem) = Schema(domain, config["json_schema"] as JsonObject, config["gql_stmt"]?.GetValue<string>());
        if (schemaProblem is not null)
        {
            return (null, false, schemaProblem);
        }

        var (inputs, inputProblem) = route == "image" ? ImageInputs(body) : DocumentInputs(body);
        if (inputProblem is not null)
        {
            return (null, false, inputProblem);
        }

        var executionConfig = new JsonObject { ["json_schema"] = schema };
        foreach (var flag in new[] { "confidence", "grounding" })
        {
            if (config[flag] is { } value)
            {
                executionConfig[flag] = value.DeepClone();
            }
        }

        var metadata = (body["metadata"] as JsonObject)?.DeepClone().AsObject() ?? [];
        if (resolvedDomain is not null)
        {
            metadata[PredictionJson.DomainKey] = resolvedDomain;
        }

        var execution = new JsonObject
        {
            ["model"] = body["model"]?.DeepClone(),
            ["inputs"] = inputs,
            ["config"] = executionConfig,
            ["metadata"] = metadata,
            ["callback_url"] = body["callback_url"]?.DeepClone(),
        };
        return (execution, batch, null);

        static (JsonObject?, bool, Problem?) Fail(string message) => (null, false, Problem.BadRequest(message));
    }

    /// <summary>The caller's schema wins over the domain's; the domain is still recorded.</summary>
    private static (JsonObject? Schema, string? Domain, Problem? Problem) Schema(string? domain, JsonObject? custom, string? gql)
    {
        JsonObject schema;
        var known = DomainCatalog.TryGet(domain, out var definition);
        if (custom is not null)
        {
            schema = custom.DeepClone().AsObject();
        }
        else if (known)
        {
            schema = definition.JsonSchema.DeepClone().AsObject();
        }
        else if (domain is not null)
        {
            return (null, null, DomainsEndpoints.UnknownDomain(domain));
        }
        else
        {
            return (null, null, Problem.BadRequest("Give a 'domain' (see GET /v1/hub/domains) or 'config.json_schema'."));
        }

        if (!string.IsNullOrWhiteSpace(gql))
        {
            var (narrowed, error) = GqlSelection.Apply(schema, gql);
            if (narrowed is null)
            {
                return (null, null, Problem.BadRequest(error!, "invalid_gql_stmt"));
            }

            schema = narrowed;
        }

        return (schema, known ? definition.Domain : domain, null);
    }

    private static (JsonObject? Inputs, Problem? Problem) DocumentInputs(JsonObject body)
    {
        var fileId = body["file_id"];
        var url = body["url"];
        if ((fileId is null) == (url is null))
        {
            return (null, Problem.BadRequest("Give exactly one of 'file_id' (an uploaded file) and 'url'."));
        }

        if ((fileId ?? url)!.GetValueKind() != JsonValueKind.String)
        {
            return (null, Problem.BadRequest("'file_id' and 'url' must be strings."));
        }

        JsonObject content = fileId is not null
            ? new() { ["type"] = "input_file", ["file_id"] = fileId.DeepClone() }
            : new() { ["type"] = "file_url", ["file_url"] = new JsonObject { ["url"] = url!.DeepClone() } };
        return (new JsonObject { ["document"] = content }, null);
    }

    /// <summary>
    /// <c>images</c> (what vlmrun 0.2 sends) or a single <c>image</c>: http(s) URLs, data: URLs,
    /// or bare base64, which becomes a data: URL so the bytes travel with the execution.
    /// </summary>
    private static (JsonObject? Inputs, Problem? Problem) ImageInputs(JsonObject body)
    {
        List<JsonNode?>? items = body["images"] switch
        {
            JsonArray array => array.ToList(),
            null when body["image"] is { } single => [single],
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            return (null, Problem.BadRequest("Give 'images': a non-empty list of image URLs or base64 images."));
        }

        var contents = new JsonArray();
        foreach (var item in items)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return (null, Problem.BadRequest("Every image must be a string: an http(s) URL, a data: URL or base64 bytes."));
            }

            var url = ImageUrl(v.GetValue<string>());
            if (url is null)
            {
                return (null, Problem.BadRequest($"Image {contents.Count + 1} is neither an http(s) URL nor valid base64 image data."));
            }

            contents.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url, ["detail"] = "auto" } });
        }

        return (new JsonObject { ["image"] = contents }, null);
    }

    private static string? ImageUrl(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return text;
        }

        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            return comma > 0 && text[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase) && IsBase64(text.AsSpan(comma + 1)) ? text : null;
        }

        if (!IsBase64(text))
        {
            return null;
        }

        var bytes = Convert.FromBase64String(text);
        return ImageType(bytes) is { } type ? $"data:{type};base64,{text}" : null;
    }

    private static bool IsBase64(ReadOnlySpan<char> text) => text.Length > 0 && Base64.IsValid(text);

    private static string? ImageType(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'I', (byte)'I', 0x2A, 0x00, ..] or [(byte)'M', (byte)'M', 0x00, 0x2A, ..] => "image/tiff",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        _ => null,
    };
}
