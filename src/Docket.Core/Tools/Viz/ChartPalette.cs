using SkiaSharp;

namespace Docket.Tools.Viz;

/// <summary>Series colours (a ten-colour palette readable by most colour-blind people) and the chart's greys.</summary>
internal static class ChartPalette
{
    private static readonly SKColor[] Series =
    [
        new(0x4E, 0x79, 0xA7), new(0xF2, 0x8E, 0x2B), new(0xE1, 0x57, 0x59), new(0x76, 0xB7, 0xB2), new(0x59, 0xA1, 0x4F),
        new(0xED, 0xC9, 0x48), new(0xB0, 0x7A, 0xA1), new(0xFF, 0x9D, 0xA7), new(0x9C, 0x75, 0x5F), new(0xBA, 0xB0, 0xAC),
    ];

    public static readonly SKColor Text = new(0x33, 0x33, 0x33);
    public static readonly SKColor Axis = new(0x66, 0x66, 0x66);
    public static readonly SKColor Grid = new(0xE3, 0xE3, 0xE3);

    public static SKColor Of(int index) => Series[index % Series.Length];
}
