namespace Docket.Engine.Readers;

internal enum HtmlTokenKind
{
    Text,
    StartTag,
    EndTag,
}

/// <summary>
/// One token: text (entities still encoded) or a tag with its lower-case name. Only the
/// attributes the reader uses are kept.
/// </summary>
internal readonly record struct HtmlToken(HtmlTokenKind Kind, string Value, bool SelfClosing = false, int ColSpan = 1);

/// <summary>
/// A small, tolerant HTML tokenizer: it never fails, treats a <c>&lt;</c> that does not open a
/// tag as text, skips comments, doctypes and processing instructions, and returns the content
/// of raw-text elements (script, style, …) as nothing, so their code never reaches the text.
/// </summary>
internal static class HtmlTokenizer
{
    private static readonly string[] s_rawTextElements = ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"];

    public static IEnumerable<HtmlToken> Tokenize(string html)
    {
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                yield return new HtmlToken(HtmlTokenKind.Text, html[i..]);
                yield break;
            }

            if (lt > i)
            {
                yield return new HtmlToken(HtmlTokenKind.Text, html[i..lt]);
            }

            var next = lt + 1 < html.Length ? html[lt + 1] : '\0';
            if (html.AsSpan(lt).StartsWith("<!--", StringComparison.Ordinal))
            {
                i = SkipPast(html, lt + 4, "-->");
            }
            else if (next is '!' or '?')
            {
                i = SkipPast(html, lt + 2, ">");
            }
            else if (next == '/' && lt + 2 < html.Length && char.IsAsciiLetter(html[lt + 2]))
            {
                var (name, end) = ReadName(html, lt + 2);
                i = SkipPast(html, end, ">");
                yield return new HtmlToken(HtmlTokenKind.EndTag, name);
            }
            else if (char.IsAsciiLetter(next))
            {
                var tag = ReadStartTag(html, lt + 1, out i);
                yield return tag;
                if (!tag.SelfClosing && s_rawTextElements.Contains(tag.Value))
                {
                    i = SkipRawText(html, i, tag.Value);
                    yield return new HtmlToken(HtmlTokenKind.EndTag, tag.Value);
                }
            }
            else
            {
                yield return new HtmlToken(HtmlTokenKind.Text, "<");
                i = lt + 1;
            }
        }
    }

    private static HtmlToken ReadStartTag(string html, int start, out int next)
    {
        var (name, i) = ReadName(html, start);
        var colSpan = 1;
        var selfClosing = false;
        while (i < html.Length && html[i] != '>')
        {
            var c = html[i];
            if (c == '/')
            {
                selfClosing = true;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            selfClosing = false;
            var nameStart = i;
            while (i < html.Length && html[i] is not ('=' or '>' or '/') && !char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            var attribute = html[nameStart..i];
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length || html[i] != '=')
            {
                continue;
            }

            i++;
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            var (value, after) = ReadAttributeValue(html, i);
            i = after;
            if (attribute.Equals("colspan", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var span))
            {
                // Browsers clamp colspan to 1000; a smaller cap keeps a hostile table from
                // exploding into millions of empty cells.
                colSpan = Math.Clamp(span, 1, 100);
            }
        }

        next = Math.Min(i + 1, html.Length);
        return new HtmlToken(HtmlTokenKind.StartTag, name, selfClosing, colSpan);
    }

    private static (string Value, int Next) ReadAttributeValue(string html, int i)
    {
        if (i < html.Length && html[i] is '"' or '\'')
        {
            var quote = html[i];
            var end = html.IndexOf(quote, i + 1);
            return end < 0 ? (html[(i + 1)..], html.Length) : (html[(i + 1)..end], end + 1);
        }

        var start = i;
        while (i < html.Length && html[i] != '>' && !char.IsWhiteSpace(html[i]))
        {
            i++;
        }

        return (html[start..i], i);
    }

    private static (string Name, int Next) ReadName(string html, int start)
    {
        var i = start;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] is '-' or ':' or '_'))
        {
            i++;
        }

        return (html[start..i].ToLowerInvariant(), i);
    }

    private static int SkipRawText(string html, int start, string name)
    {
        var close = "</" + name;
        var i = start;
        while (true)
        {
            var end = html.IndexOf(close, i, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                return html.Length;
            }

            var after = end + close.Length;
            if (after >= html.Length || html[after] is '>' or '/' || char.IsWhiteSpace(html[after]))
            {
                return SkipPast(html, after, ">");
            }

            i = after;
        }
    }

    private static int SkipPast(string html, int start, string terminator)
    {
        var end = html.IndexOf(terminator, Math.Min(start, html.Length), StringComparison.Ordinal);
        return end < 0 ? html.Length : end + terminator.Length;
    }
}
