using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>The argument schemas the image tools share, and the readers of boxes and colours.</summary>
internal static class ImageSchema
{
    private static readonly Dictionary<string, Scalar> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = new Scalar(0, 0, 0),
        ["white"] = new Scalar(255, 255, 255),
        ["red"] = new Scalar(0, 0, 255),
        ["green"] = new Scalar(0, 160, 0),
        ["blue"] = new Scalar(255, 0, 0),
        ["yellow"] = new Scalar(0, 255, 255),
    };

    public static JsonObject FileArgument => new()
    {
        ["type"] = "string",
        ["description"] = "The image: an input name or an earlier artifact id (img_…); the only file input when left out.",
    };

    public static JsonObject Box => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "integer" },
        ["minItems"] = 4,
        ["maxItems"] = 4,
        ["description"] = "[left, top, right, bottom] in pixels.",
    };

    public static JsonObject Boxes(string description) => new()
    {
        ["type"] = "array",
        ["description"] = description + " Each is [left, top, right, bottom] or an object with a 'box' (and an optional 'label'), such as the faces image.detect_faces returns.",
        ["items"] = new JsonObject
        {
            ["anyOf"] = new JsonArray(
                Box,
                new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["box"] = Box, ["label"] = new JsonObject { ["type"] = "string" } },
                    ["required"] = new JsonArray("box"),
                }),
        },
    };

    public static JsonObject Colour(string fallback) => new()
    {
        ["type"] = "string",
        ["default"] = fallback,
        ["description"] = "#rrggbb or one of black, white, red, green, blue, yellow.",
    };

    public static JsonObject Properties(params (string Name, JsonObject Schema)[] properties)
    {
        var result = new JsonObject { ["image"] = FileArgument };
        foreach (var (name, schema) in properties)
        {
            result[name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = result };
    }

    /// <summary>A box argument: [left, top, right, bottom] with right &gt; left and bottom &gt; top.</summary>
    public static Rect ReadBox(JsonNode? node, string tool, string name)
    {
        if (node is JsonObject o && o["box"] is { } inner)
        {
            node = inner;
        }

        if (node is not JsonArray { Count: 4 } a || a.Any(v => v is not JsonValue n || n.GetValueKind() != JsonValueKind.Number))
        {
            throw ToolArgs.Bad(tool, name, "must be [left, top, right, bottom] in pixels");
        }

        var v = a.Select(n => double.Parse(n!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        if (v.Any(x => !double.IsFinite(x) || Math.Abs(x) > 1_000_000) || v[2] <= v[0] || v[3] <= v[1])
        {
            throw ToolArgs.Bad(tool, name, "must be [left, top, right, bottom] with right > left and bottom > top");
        }

        var left = (int)Math.Floor(v[0]);
        var top = (int)Math.Floor(v[1]);
        return new Rect(left, top, (int)Math.Ceiling(v[2]) - left, (int)Math.Ceiling(v[3]) - top);
    }

    /// <summary>A list of boxes, each with its label when it has one.</summary>
    public static List<(Rect Box, string? Label)> ReadBoxes(JsonObject arguments, string tool, string name, bool required)
    {
        var node = arguments[name];
        if (node is null)
        {
            return required ? throw ToolArgs.Bad(tool, name, "is required") : [];
        }

        if (node is not JsonArray list)
        {
            throw ToolArgs.Bad(tool, name, "must be a list of boxes");
        }

        if (list.Count > 10_000)
        {
            throw ToolArgs.Bad(tool, name, "may hold at most 10000 boxes");
        }

        var boxes = new List<(Rect, string?)>();
        for (var i = 0; i < list.Count; i++)
        {
            var label = list[i] is JsonObject o && o["label"] is JsonValue l && l.GetValueKind() == JsonValueKind.String ? l.GetValue<string>() : null;
            boxes.Add((ReadBox(list[i], tool, string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]")), label));
        }

        return boxes;
    }

    public static Scalar ReadColour(JsonObject arguments, string tool, string name, string fallback)
    {
        var text = ToolArgs.Text(arguments, tool, name) ?? fallback;
        if (Named.TryGetValue(text, out var named))
        {
            return named;
        }

        if (text.Length == 7 && text[0] == '#' && int.TryParse(text.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return new Scalar(rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff);
        }

        throw ToolArgs.Bad(tool, name, $"must be #rrggbb or one of {string.Join(", ", Named.Keys)}, not '{text}'");
    }

    public static JsonArray ToJson(Rect box) => new(box.Left, box.Top, box.Right, box.Bottom);
}
