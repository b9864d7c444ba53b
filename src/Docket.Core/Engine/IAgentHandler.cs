namespace Docket.Engine;

/// <summary>
/// One runnable agent: a built-in pipeline (document/parse, image/blur-faces, …) or, in tests and
/// benchmarks, a registered test agent. The worker resolves an execution to exactly one handler.
/// </summary>
public interface IAgentHandler
{
    /// <summary>The agent name clients use, such as <c>document/parse</c>.</summary>
    string Name { get; }

    /// <summary>Description shown by agent lookups and listings.</summary>
    string Description { get; }

    /// <summary>Toolsets this agent brings with it, whatever the request asks for.</summary>
    IReadOnlyList<string> Toolsets { get; }

    /// <summary>
    /// Version of the handler's own logic; part of every fingerprint, so a behaviour change
    /// never serves a stale cached result.
    /// </summary>
    string Version { get; }

    Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken);
}
