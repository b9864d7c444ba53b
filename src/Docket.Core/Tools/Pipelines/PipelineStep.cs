using System.Text.Json.Nodes;

namespace Docket.Tools.Pipelines;

/// <summary>One checked step of a <c>config.steps</c> pipeline: its id, the tool it calls and the arguments as written (references unresolved).</summary>
public sealed record PipelineStep(int Index, string Id, ITool Tool, JsonObject Arguments);
