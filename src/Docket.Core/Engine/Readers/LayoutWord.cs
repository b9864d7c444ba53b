namespace Docket.Engine.Readers;

/// <summary>One word and where it sits on its page; the unit grounding refers to.</summary>
public sealed record LayoutWord(string Text, LayoutBox Box);
