using Docket.Engine.Domains;

namespace Docket.Engine.Agents;

/// <summary>
/// A built-in domain agent (<c>document/invoice</c>, <c>document/receipt</c>, …): the same
/// extraction as <c>document/extract</c>, filled from the domain's shipped schema unless the
/// request's config carries its own <c>json_schema</c>. One class, registered once per domain.
/// </summary>
public sealed class DomainExtractAgent : IAgentHandler
{
    /// <summary>The shipped domains that have an agent, by their agent name's last part.</summary>
    public static readonly IReadOnlyList<string> Domains = ["invoice", "receipt", "purchase-order", "bank-statement"];

    private readonly DocumentExtractAgent _extract;
    private readonly DomainDefinition _domain;

    public DomainExtractAgent(DocumentExtractAgent extract, string domain)
    {
        ArgumentNullException.ThrowIfNull(extract);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (!DomainCatalog.TryGet("document." + domain, out var definition))
        {
            throw new ArgumentException($"No shipped domain 'document.{domain}'.", nameof(domain));
        }

        _extract = extract;
        _domain = definition;
        Name = "document/" + domain;
    }

    public string Name { get; }

    public string Description =>
        $"Extracts a {_domain.Name.ToLowerInvariant()} ({_domain.Description.TrimEnd('.')}) from documents with the shipped {_domain.Domain} schema, without a model.";

    public IReadOnlyList<string> Toolsets { get; } = ["core", "document"];

    public string Version => "1+" + _domain.SchemaHash;

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonSchema is not null)
        {
            return _extract.RunAsync(context, cancellationToken);
        }

        var config = (System.Text.Json.Nodes.JsonObject)context.Config.DeepClone();
        config["json_schema"] = _domain.JsonSchema.DeepClone();
        var withSchema = new AgentRunContext
        {
            ExecutionId = context.ExecutionId,
            TenantId = context.TenantId,
            Attempt = context.Attempt,
            Config = config,
            Inputs = context.Inputs,
            Fingerprint = context.Fingerprint,
            Artifacts = context.Artifacts,
            WorkDirectory = context.WorkDirectory,
        };
        return _extract.RunAsync(withSchema, cancellationToken);
    }
}
