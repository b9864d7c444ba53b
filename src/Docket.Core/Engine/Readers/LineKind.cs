namespace Docket.Engine.Readers;

/// <summary>What a line is, so the Markdown rendering can restore structure the reader saw.</summary>
public enum LineKind
{
    Text,

    /// <summary>A heading; <see cref="LayoutLine.HeadingLevel"/> says which (1–6).</summary>
    Heading,

    /// <summary>The first row of a table; a new table starts at every header row.</summary>
    TableHeader,

    TableRow,
}
