using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Docket.Common;

namespace Docket.Engine.Domains;

/// <summary>
/// The domains Docket ships (embedded <c>Schemas/*.json</c>). A domain is only a schema: a
/// prediction on it runs whichever handler fills a <c>json_schema</c>, like any other request.
/// </summary>
public static class DomainCatalog
{
    private const string ResourcePrefix = "Docket.Domains.";

    private static readonly Lazy<(IReadOnlyList<DomainDefinition> All, FrozenDictionary<string, DomainDefinition> ByName)> Loaded = new(Load);

    /// <summary>Every shipped domain, ordered by name.</summary>
    public static IReadOnlyList<DomainDefinition> All => Loaded.Value.All;

    /// <summary>
    /// Finds a domain by name, case-insensitively; '_' and '-' are the same letter, since
    /// clients have spelled <c>document.bank-statement</c> both ways.
    /// </summary>
    public static bool TryGet(string? domain, out DomainDefinition definition)
    {
        definition = null!;
        return domain is not null && Loaded.Value.ByName.TryGetValue(Normalize(domain), out definition!);
    }

    private static string Normalize(string domain) => domain.Trim().ToLowerInvariant().Replace('_', '-');

    private static (IReadOnlyList<DomainDefinition>, FrozenDictionary<string, DomainDefinition>) Load()
    {
        var assembly = typeof(DomainCatalog).Assembly;
        var all = new List<DomainDefinition>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var node = JsonNode.Parse(stream)!.AsObject();
            var schema = node["json_schema"]!.AsObject();
            all.Add(new DomainDefinition(
                node["domain"]!.GetValue<string>(),
                node["name"]!.GetValue<string>(),
                node["description"]!.GetValue<string>(),
                node["schema_version"]!.GetValue<string>(),
                Hashing.Sha256Hex(CanonicalJson.Serialize(schema))[..8],
                schema));
        }

        all.Sort((a, b) => string.CompareOrdinal(a.Domain, b.Domain));
        return (all, all.ToFrozenDictionary(d => Normalize(d.Domain), StringComparer.Ordinal));
    }
}
