using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine.Providers;

namespace Docket.Tools.Core;

/// <summary><c>core.validate_json</c>: whether a JSON value (or text holding one) fits a JSON Schema, and where it does not.</summary>
public sealed class ValidateJsonTool : ITool
{
    public string Name => "core.validate_json";

    public string Toolset => "core";

    public string Description => "Checks JSON against a JSON Schema: 'data' is the value itself or a string holding JSON (give 'parse': true); returns valid and, when not, the errors as '/path: message'.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["data"] = new JsonObject { ["description"] = "The JSON value to check, or a string holding JSON when 'parse' is true." },
            ["schema"] = new JsonObject { ["type"] = "object", ["description"] = "The JSON Schema (draft 2020-12 unless it says otherwise)." },
            ["parse"] = new JsonObject { ["type"] = "boolean", ["default"] = false, ["description"] = "Read 'data' as JSON text first." },
        },
        ["required"] = new JsonArray("data", "schema"),
    };

    public Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments["schema"] is not JsonObject schema)
        {
            throw ToolArgs.Bad(Name, "schema", "must be a JSON Schema object");
        }

        if (!arguments.ContainsKey("data"))
        {
            throw ToolArgs.Bad(Name, "data", "is required");
        }

        var data = arguments["data"];
        if (ToolArgs.Flag(arguments, Name, "parse") == true)
        {
            var text = ToolArgs.Text(arguments, Name, "data") ?? throw ToolArgs.Bad(Name, "data", "must be a string of JSON when 'parse' is true");
            try
            {
                data = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                return Task.FromResult(new JsonObject { ["valid"] = false, ["errors"] = new JsonArray($"/: not JSON ({ex.Message})") });
            }
        }

        var errors = ResponseValidator.Validate(ResponseValidator.Build(schema), data);
        return Task.FromResult(new JsonObject
        {
            ["valid"] = errors.Count == 0,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]),
        });
    }
}
