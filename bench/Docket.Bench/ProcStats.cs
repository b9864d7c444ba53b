using System.Globalization;

namespace Docket.Bench;

/// <summary>Another process's memory from <c>/proc/PID/status</c> (Linux only).</summary>
internal static class ProcStats
{
    /// <summary>Resident set size now, in bytes.</summary>
    public static long Rss(int pid) => StatusKiloBytes(pid, "VmRSS:") * 1024;

    /// <summary>The largest resident set size the process has had, in bytes.</summary>
    public static long PeakRss(int pid) => StatusKiloBytes(pid, "VmHWM:") * 1024;

    public static double Mb(long bytes) => bytes / 1048576.0;

    /// <summary>
    /// CPU seconds (user + system) this process has used, and those of its children that have
    /// exited and been waited for (ffmpeg, tesseract …), from <c>/proc/self/stat</c>.
    /// </summary>
    public static (double Self, double Children) OwnCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name in parentheses: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) / 100.0;
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    private static long StatusKiloBytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var value = line[field.Length..].Trim();
                return long.Parse(value[..value.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }
}
