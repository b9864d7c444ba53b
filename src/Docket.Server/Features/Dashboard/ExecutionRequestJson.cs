using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Executions;
using Docket.Server.Hosting;

namespace Docket.Server.Features.Dashboard;

/// <summary>
/// An execution's stored request in the wire form of AgentExecutionRequest. Submitting it again
/// gives the same effective config and inputs, so the same fingerprint: for a built-in agent the
/// stored config is the request's own, and for a stored agent its config with the overrides
/// merged in, which the agent's own config leaves unchanged when merged again.
/// </summary>
internal static class ExecutionRequestJson
{
    public static JsonObject From(ExecutionRecord execution)
    {
        var specs = JsonSerializer.Deserialize<List<InputSpec>>(execution.Inputs) ?? [];
        var inputs = new JsonObject();
        foreach (var group in specs.GroupBy(s => s.Name))
        {
            var values = group.Select(Content).ToList();
            inputs[group.Key] = values.Count == 1 ? values[0] : new JsonArray([.. values]);
        }

        return new JsonObject
        {
            ["name"] = execution.Name,
            ["inputs"] = inputs,
            ["config"] = Wire.ParseStored(execution.Config),
            ["priority"] = Priorities.ToWire(execution.Priority),
            ["toolsets"] = Wire.ParseStored(execution.Toolsets),
            ["metadata"] = Wire.ParseStored(execution.Metadata),
            ["callback_url"] = execution.CallbackUrl,
            ["model"] = execution.Model,
        };
    }

    /// <summary>The MessageContent (or plain value) that <see cref="InputParser"/> read this spec from.</summary>
    private static JsonNode? Content(InputSpec spec) => spec.Kind switch
    {
        "file" => new JsonObject { ["type"] = "input_file", ["file_id"] = spec.FileId },
        "text" when spec.SourceType == "text" => new JsonObject { ["type"] = "text", ["text"] = spec.Text },
        "text" => JsonValue.Create(spec.Text),
        "url" when spec.SourceType == "input_file" => new JsonObject { ["type"] = "input_file", ["file_url"] = spec.Url },
        "url" when spec.SourceType is "image_url" or "video_url" or "audio_url" or "file_url" =>
            new JsonObject { ["type"] = spec.SourceType, [spec.SourceType] = new JsonObject { ["url"] = spec.Url } },
        "url" => JsonValue.Create(spec.Url),
        _ => spec.Value?.DeepClone(),
    };
}
