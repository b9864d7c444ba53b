using System.Text;

namespace Docket.Engine.Readers;

/// <summary>Whitespace handling of HTML flow text.</summary>
internal static class HtmlText
{
    /// <summary>
    /// Appends <paramref name="text"/> with each run of whitespace (no-break spaces included) made
    /// one space, and no space at the start of the buffer or after one already there.
    /// </summary>
    public static void AppendCollapsed(StringBuilder buffer, string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (buffer.Length > 0 && buffer[^1] != ' ')
                {
                    buffer.Append(' ');
                }
            }
            else
            {
                buffer.Append(c);
            }
        }
    }
}
