namespace Docket.Engine;

/// <summary>The execution error codes of DESIGN.md; clients match on these strings.</summary>
public static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string Timeout = "timeout";
    public const string Cancelled = "cancelled";
    public const string ToolError = "tool_error";
    public const string ModelError = "model_error";
    public const string Internal = "internal";
}
