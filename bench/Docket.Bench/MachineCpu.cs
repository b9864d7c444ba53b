using System.Globalization;

namespace Docket.Bench;

/// <summary>
/// The whole machine's CPU use from <c>/proc/stat</c>, to tell whether other work competed with
/// the benchmark: busy cores minus the server's and the load generator's is what everything else used.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Now()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return new MachineCpu(total - idle, total);
    }

    /// <summary>Average busy cores between <paramref name="earlier"/> and this snapshot.</summary>
    public double CoresBusySince(MachineCpu earlier) =>
        Total == earlier.Total ? double.NaN : (double)(Busy - earlier.Busy) / (Total - earlier.Total) * Environment.ProcessorCount;
}
