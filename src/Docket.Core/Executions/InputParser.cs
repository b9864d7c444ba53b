using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Common;

namespace Docket.Executions;

/// <summary>
/// Turns a request's <c>inputs</c> object into <see cref="InputSpec"/>s. A value is a
/// MessageContent (<c>{type, text | image_url | video_url | audio_url | file_url | file_id}</c>),
/// a list of them, a URL string, a plain string, or any other JSON.
/// </summary>
public static class InputParser
{
    private static readonly HashSet<string> ContentTypes = new(StringComparer.Ordinal)
    {
        "text", "image_url", "video_url", "audio_url", "file_url", "input_file",
    };

    private static readonly string[] ContentKeys = ["image_url", "video_url", "audio_url", "file_url", "file_id"];

    public static (List<InputSpec> Inputs, Problem? Problem) Parse(JsonNode? inputs)
    {
        var specs = new List<InputSpec>();
        if (inputs is null)
        {
            return (specs, null);
        }

        if (inputs is not JsonObject obj)
        {
            return (specs, Problem.Unprocessable("'inputs' must be an object of named inputs."));
        }

        foreach (var (name, value) in obj)
        {
            if (name.Length is 0 or > 128)
            {
                return (specs, Problem.Unprocessable("Input names must be 1 to 128 characters long."));
            }

            var problem = value is JsonArray array && array.Any(IsContent)
                ? array.Select(item => ParseOne(name, item, specs)).FirstOrDefault(p => p is not null)
                : ParseOne(name, value, specs);
            if (problem is not null)
            {
                return (specs, problem);
            }
        }

        return (specs, null);
    }

    private static bool IsContent(JsonNode? node) =>
        node is JsonObject o && o["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String
        && (ContentTypes.Contains(t.GetValue<string>()) || ContentKeys.Any(o.ContainsKey));

    private static Problem? ParseOne(string name, JsonNode? value, List<InputSpec> specs)
    {
        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                specs.Add(IsUrl(text)
                    ? new InputSpec { Name = name, Kind = "url", SourceType = "plain", Url = text }
                    : new InputSpec { Name = name, Kind = "text", SourceType = "plain", Text = text });
                return null;
            case JsonObject o when IsContent(o):
                return ParseContent(name, o, specs);
            default:
                specs.Add(new InputSpec { Name = name, Kind = "json", SourceType = "plain", Value = value?.DeepClone() });
                return null;
        }
    }

    private static Problem? ParseContent(string name, JsonObject content, List<InputSpec> specs)
    {
        var type = content["type"]!.GetValue<string>();
        switch (type)
        {
            case "text":
                if (content["text"] is not JsonValue t || t.GetValueKind() != JsonValueKind.String)
                {
                    return Problem.Unprocessable($"Input '{name}': a 'text' content needs a string 'text'.");
                }

                specs.Add(new InputSpec { Name = name, Kind = "text", SourceType = type, Text = t.GetValue<string>() });
                return null;
            case "image_url" or "video_url" or "audio_url" or "file_url":
                return AddUrl(name, type, content[type], specs);
            case "input_file":
                if (content["file_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                {
                    var fileId = id.GetValue<string>();
                    if (!Ids.IsValid(fileId))
                    {
                        return Problem.Unprocessable($"Input '{name}': '{fileId}' is not a valid file id.");
                    }

                    specs.Add(new InputSpec { Name = name, Kind = "file", SourceType = type, FileId = fileId });
                    return null;
                }

                return content["file_url"] is not null
                    ? AddUrl(name, type, content["file_url"], specs)
                    : Problem.Unprocessable($"Input '{name}': an 'input_file' content needs 'file_id' or 'file_url'.");
            default:
                return Problem.Unprocessable($"Input '{name}': unknown content type '{type}'; expected one of text, image_url, video_url, audio_url, file_url, input_file.");
        }
    }

    private static Problem? AddUrl(string name, string type, JsonNode? node, List<InputSpec> specs)
    {
        var url = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o when o["url"] is JsonValue u && u.GetValueKind() == JsonValueKind.String => u.GetValue<string>(),
            _ => null,
        };
        if (url is null)
        {
            return Problem.Unprocessable($"Input '{name}': a '{type}' content needs a URL ('{type}': {{\"url\": \"…\"}}).");
        }

        if (!IsUrl(url) && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Unprocessable($"Input '{name}': '{Truncate(url)}' is not an absolute http(s) or data: URL.");
        }

        specs.Add(new InputSpec { Name = name, Kind = "url", SourceType = type, Url = url });
        return null;
    }

    private static bool IsUrl(string text) =>
        text.Length < 8192 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
