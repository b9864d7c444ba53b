using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tools;

/// <summary>
/// Reads a tool's optional arguments with their bounds; a wrong type or a value out of range fails
/// the execution with invalid_input naming the tool and the argument.
/// </summary>
internal static class ToolArgs
{
    public static double? Number(JsonObject arguments, string tool, string name, double min, double max)
    {
        if (arguments[name] is null)
        {
            return null;
        }

        // Parsed JSON and values built in code (steps, agents) both read through their JSON text.
        if (arguments[name] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number
            || !double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Bad(tool, name, "must be a number");
        }

        return value >= min && value <= max
            ? value
            : throw Bad(tool, name, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, not {value}"));
    }

    public static int? Integer(JsonObject arguments, string tool, string name, int min, int max)
    {
        var value = Number(arguments, tool, name, min, max);
        return value is null ? null : value == Math.Floor(value.Value) ? (int)value.Value : throw Bad(tool, name, "must be a whole number");
    }

    public static string? Choice(JsonObject arguments, string tool, string name, params string[] allowed)
    {
        var text = Text(arguments, tool, name);
        return text is null || allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Bad(tool, name, $"must be one of {string.Join(", ", allowed)}, not '{text}'");
    }

    public static string? Text(JsonObject arguments, string tool, string name) => arguments[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Bad(tool, name, "must be a string"),
    };

    public static bool? Flag(JsonObject arguments, string tool, string name) => arguments[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Bad(tool, name, "must be true or false"),
    };

    public static ExecutionFailedException Bad(string tool, string name, string why) =>
        ExecutionFailedException.InvalidInput($"{tool}: '{name}' {why}.");
}
