using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Pipelines;

/// <summary>
/// One reference of a pipeline argument: <c>$inputs.NAME</c> or <c>$steps.ID[.PATH]</c>, where
/// PATH is property names and list indexes joined by dots and <c>*</c> maps over a list
/// (<c>$steps.faces.faces.*.box</c> is every face's box).
/// </summary>
public sealed record StepReference(string Source, string Name, IReadOnlyList<string> Path)
{
    public const string Inputs = "inputs";
    public const string Steps = "steps";

    /// <summary>
    /// False when <paramref name="text"/> is no reference (a plain string, or one escaped with
    /// <c>$$</c>); true with a reference, or with the problem of a malformed one.
    /// </summary>
    public static bool TryParse(string text, out StepReference? reference, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        problem = null;
        if (!text.StartsWith('$') || text.StartsWith("$$", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[1..].Split('.');
        if (parts.Length < 2 || parts[0] is not (Inputs or Steps) || parts.Any(p => p.Length == 0))
        {
            problem = $"holds '{text}', which is no reference: write $inputs.NAME or $steps.ID (with .path.to.a.field, * for every item), or start the string with $$ for a literal '$'.";
            return true;
        }

        if (parts[0] == Inputs && parts.Length > 2)
        {
            problem = $"holds '{text}': an input reference is $inputs.NAME, with no path.";
            return true;
        }

        reference = new StepReference(parts[0], parts[1], parts[2..]);
        return true;
    }

    /// <summary>The part of <paramref name="result"/> the path names; a path that does not fit fails the execution with invalid_input.</summary>
    public JsonNode? Select(JsonNode? result, string where) => Select(result, 0, where);

    private JsonNode? Select(JsonNode? node, int at, string where)
    {
        if (at == Path.Count)
        {
            return node?.DeepClone();
        }

        var segment = Path[at];
        switch (node)
        {
            case JsonArray list when segment == "*":
                return new JsonArray([.. list.Select(item => Select(item, at + 1, where))]);
            case JsonArray list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index):
                return index < list.Count ? Select(list[index], at + 1, where) : throw Missing(where, $"item {index} of a list of {list.Count}");
            case JsonObject obj when obj.ContainsKey(segment):
                return Select(obj[segment], at + 1, where);
            default:
                throw Missing(where, $"'{segment}'");
        }
    }

    private Engine.ExecutionFailedException Missing(string where, string what) =>
        Engine.ExecutionFailedException.InvalidInput($"{where}: ${Source}.{Name}.{string.Join('.', Path)} has no {what} in what step '{Name}' returned.");
}
