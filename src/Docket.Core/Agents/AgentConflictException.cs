namespace Docket.Agents;

/// <summary>A name:version that exists already with another config: versions are immutable.</summary>
public sealed class AgentConflictException(string message) : Exception(message)
{
    public AgentConflictException()
        : this("The agent version exists with a different config.")
    {
    }

    public AgentConflictException(string message, Exception inner)
        : this(message + " " + inner.Message)
    {
    }
}
