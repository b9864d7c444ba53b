namespace Docket.Cli.Commands;

/// <summary>What the client commands exit with, so scripts can tell the cases apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The execution failed, or the API answered with an error.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong (parse errors included), or a named local file is missing.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached: connection refused, unknown host, no answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>A wait's --timeout ran out while the execution was still pending or running (it goes on).</summary>
    public const int StillRunning = 4;
}
