using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Common;

namespace Docket.Server.Hosting;

/// <summary>Small conversions shared by the endpoints.</summary>
internal static class Wire
{
    /// <summary>ISO-8601 UTC with a Z, as the SDKs parse it.</summary>
    public static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Time(long? unixMilliseconds) => unixMilliseconds is { } ms ? Time(ms) : null;

    /// <summary>Output JSON keeps non-ASCII text and quotes as they are instead of \u escapes.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(JsonNode node, int status = 200) =>
        Results.Text(node.ToJsonString(Options), "application/json", null, status);

    /// <summary>Reads a JSON object body; a malformed or non-object body is a 400, never a 500.</summary>
    public static async Task<(JsonObject? Body, Problem? Problem)> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, documentOptions: BodyOptions, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (node is not JsonObject obj)
            {
                return (null, Problem.BadRequest("The request body must be a JSON object.", "malformed_json"));
            }

            CheckStrings(obj);
            return (obj, null);
        }
        catch (JsonException exception)
        {
            return (null, Problem.BadRequest($"The request body is not valid JSON: {exception.Message}", "malformed_json"));
        }
        catch (InvalidOperationException exception) when (exception.InnerException is DecoderFallbackException)
        {
            return (null, Problem.BadRequest("The request body is not valid UTF-8.", "malformed_json"));
        }
    }

    /// <summary>Duplicate keys are refused while parsing; left in, the first read of the object would throw.</summary>
    private static readonly JsonDocumentOptions BodyOptions = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The parser leaves strings as UTF-8 and decodes them on first read, so invalid UTF-8 would
    /// surface later as an exception; decoding every name and string here makes it a 400 instead.
    /// </summary>
    private static void CheckStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    CheckStrings(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CheckStrings(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                value.GetValue<string>();
                break;
        }
    }

    /// <summary>skip (default 0) and limit (default 10, at most 1000) of every listing.</summary>
    public static (int Skip, int Limit, Problem? Problem) Paging(HttpRequest request)
    {
        var skip = 0;
        var limit = 10;
        if (request.Query.TryGetValue("skip", out var s) && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
        {
            return (0, 0, Problem.BadRequest("'skip' must be a non-negative integer."));
        }

        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return (0, 0, Problem.BadRequest("'limit' must be an integer from 1 to 1000."));
        }

        return (skip, limit, null);
    }

    public static string? OptionalString(JsonObject body, string key) =>
        body[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonNode? ParseStored(string? json) => json is null ? null : JsonNode.Parse(json);
}
