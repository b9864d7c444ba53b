namespace Docket.Engine.Readers;

/// <summary>
/// A rectangle in page units with a top-left origin: <see cref="Top"/> is the smaller y. PDF pages
/// use points; text formats use character cells (column, line).
/// </summary>
public readonly record struct LayoutBox(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;

    /// <summary>The smallest box holding both boxes.</summary>
    public LayoutBox Union(LayoutBox other) => new(
        Math.Min(Left, other.Left),
        Math.Min(Top, other.Top),
        Math.Max(Right, other.Right),
        Math.Max(Bottom, other.Bottom));
}
