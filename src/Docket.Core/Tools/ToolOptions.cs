namespace Docket.Tools;

/// <summary>Limits on the external programs tools run (section <c>Docket:Tools</c>).</summary>
public sealed class ToolOptions
{
    /// <summary>Longest one external program (ffmpeg, pdftoppm, …) may run before it is killed.</summary>
    public double TimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Address-space limit of one external program, in MiB (applied with <c>prlimit --as</c>);
    /// 0 for none. A program that goes past it fails instead of taking the machine's memory.
    /// </summary>
    public int MemoryLimitMegabytes { get; set; } = 4096;

    public void Validate()
    {
        if (TimeoutSeconds <= 0 || MemoryLimitMegabytes < 0)
        {
            throw new InvalidOperationException("Docket:Tools:TimeoutSeconds must be positive and Docket:Tools:MemoryLimitMegabytes zero or positive.");
        }
    }
}
