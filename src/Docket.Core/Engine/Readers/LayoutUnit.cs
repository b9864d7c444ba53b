namespace Docket.Engine.Readers;

/// <summary>What one page unit of a <see cref="DocumentLayout"/> measures.</summary>
public enum LayoutUnit
{
    /// <summary>A PDF point (1/72 inch).</summary>
    Point,

    /// <summary>A character cell: x counts characters in the line, y counts lines.</summary>
    Character,

    /// <summary>An image pixel (OCR of an image file).</summary>
    Pixel,
}
