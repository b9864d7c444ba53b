using System.Text.Json.Nodes;

namespace Docket.Engine.Domains;

/// <summary>
/// One built-in domain of the older prediction API (<c>document.invoice</c>, …): a name for a
/// shipped response schema. <see cref="SchemaHash"/> identifies the schema's exact content;
/// <see cref="JsonSchema"/> is shared, so callers clone it before changing or attaching it.
/// </summary>
public sealed record DomainDefinition(string Domain, string Name, string Description, string SchemaVersion, string SchemaHash, JsonObject JsonSchema);
