namespace Docket.Engine.Readers;

/// <summary>Bounds on what one document may cost to read; inputs beyond them are invalid input.</summary>
public sealed record ReaderLimits
{
    public int MaxPages { get; init; } = 2000;

    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
}
