namespace Docket.Engine;

/// <summary>
/// An expected failure of an execution, with the stable code clients see in <c>error.code</c>.
/// Deterministic failures fail at once; transient ones are retried up to <c>max_attempts</c>.
/// </summary>
public sealed class ExecutionFailedException : Exception
{
    public ExecutionFailedException(string code, string message, bool transient = false, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Transient = transient;
    }

    public ExecutionFailedException()
        : this(ErrorCodes.Internal, "The execution failed.")
    {
    }

    public ExecutionFailedException(string message)
        : this(ErrorCodes.Internal, message)
    {
    }

    public ExecutionFailedException(string message, Exception innerException)
        : this(ErrorCodes.Internal, message, false, innerException)
    {
    }

    public string Code { get; }

    public bool Transient { get; }

    public static ExecutionFailedException InvalidInput(string message) => new(ErrorCodes.InvalidInput, message);

    public static ExecutionFailedException ToolError(string message, Exception? inner = null) =>
        new(ErrorCodes.ToolError, message, false, inner);
}
