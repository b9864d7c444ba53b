namespace Docket.Engine.Readers;

/// <summary>
/// What a reader saw in one document: pages of lines of words, each with a box, in reading order.
/// The shared input of parsing, extraction and grounding.
/// </summary>
public sealed record DocumentLayout(DocumentFormat Format, LayoutUnit Unit, IReadOnlyList<LayoutPage> Pages);
