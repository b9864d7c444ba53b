namespace Docket.Cli.Commands;

/// <summary>A mistake on the command line found after parsing (a missing file, a malformed -i); exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
