using System.Globalization;

namespace Docket.Tools.Viz;

/// <summary>
/// A number axis: a range widened to round ends and about <c>target</c> ticks at 1, 2 or 5 times a
/// power of ten, and the mapping from values to pixels.
/// </summary>
internal sealed class AxisScale
{
    private AxisScale(double min, double max, double step)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public IEnumerable<double> Ticks
    {
        get
        {
            var count = (int)Math.Round((Max - Min) / Step);
            for (var i = 0; i <= count; i++)
            {
                yield return Min + (i * Step);
            }
        }
    }

    public static AxisScale Nice(double low, double high, int target)
    {
        if (low == high)
        {
            // One value: a unit range around it, so it sits in the middle.
            var pad = low == 0 ? 1 : Math.Abs(low) * 0.5;
            (low, high) = (low - pad, high + pad);
        }

        var rough = (high - low) / Math.Max(1, target);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (rough / power) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        } * power;
        return new AxisScale(Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    /// <summary>Where <paramref name="value"/> falls between pixel positions <paramref name="from"/> (Min) and <paramref name="to"/> (Max).</summary>
    public float Map(double value, float from, float to) => (float)(from + ((value - Min) / (Max - Min) * (to - from)));

    /// <summary>A tick label with as many decimals as the step needs, and thousands as k/M.</summary>
    public string Label(double value)
    {
        if (Math.Abs(value) < Step * 1e-9)
        {
            value = 0;
        }

        var magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        var (divisor, suffix) = magnitude >= 1e9 ? (1e9, "G") : magnitude >= 1e6 ? (1e6, "M") : magnitude >= 1e4 ? (1e3, "k") : (1.0, string.Empty);
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(Step / divisor) - 1e-9), 0, 10);
        return (value / divisor).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + suffix;
    }
}
