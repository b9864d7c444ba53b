using System.Net;
using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// HTML to one page: block elements become lines, headings keep their level, list items get a
/// marker, tables become rows of cells, and script, style and other non-content is dropped.
/// </summary>
internal sealed class HtmlLayoutReader
{
    private static readonly HashSet<string> s_blockElements =
    [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    ];

    // Content a reader of the rendered page never sees as text.
    private static readonly HashSet<string> s_skippedElements = ["template", "svg", "math", "noscript", "select", "head"];

    private readonly TextPageBuilder _page = new();
    private readonly StringBuilder _line = new();
    private readonly HtmlTable _table = new();
    private readonly HtmlLists _lists = new();
    private string? _listMarker;
    private int _skipDepth;
    private int _preDepth;
    private int _headingLevel;
    private bool _preStart;

    public static DocumentLayout Read(string html, CancellationToken cancellationToken)
    {
        var reader = new HtmlLayoutReader();
        var count = 0;
        foreach (var token in HtmlTokenizer.Tokenize(html))
        {
            if (++count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            reader.Accept(token);
        }

        reader.EndTable();
        reader.FlushLine();
        return new DocumentLayout(DocumentFormat.Html, LayoutUnit.Character, [reader._page.Build()]);
    }

    private void Accept(HtmlToken token)
    {
        if (token.Kind != HtmlTokenKind.Text && s_skippedElements.Contains(token.Value))
        {
            // head is skipped only while it is open; a body tag ends it even when </head> is missing.
            if (token.Kind == HtmlTokenKind.StartTag && !token.SelfClosing)
            {
                _skipDepth++;
            }
            else if (token.Kind == HtmlTokenKind.EndTag && _skipDepth > 0)
            {
                _skipDepth--;
            }

            return;
        }

        if (_skipDepth > 0)
        {
            if (token is { Kind: HtmlTokenKind.StartTag, Value: "body" })
            {
                _skipDepth = 0;
            }
            else
            {
                return;
            }
        }

        switch (token.Kind)
        {
            case HtmlTokenKind.Text:
                AppendText(WebUtility.HtmlDecode(token.Value));
                break;
            case HtmlTokenKind.StartTag:
                Start(token);
                break;
            default:
                End(token.Value);
                break;
        }
    }

    private void Start(HtmlToken tag)
    {
        if (_table.Depth > 0 && HtmlTable.Accepts(tag.Value))
        {
            _table.Start(tag);
            return;
        }

        if (_table.InCell)
        {
            // Inside a cell, structure is flattened to words separated by spaces.
            if (tag.Value == "br" || s_blockElements.Contains(tag.Value) || IsHeading(tag.Value))
            {
                _table.AppendText(" ");
            }

            return;
        }

        switch (tag.Value)
        {
            case "br":
                FlushLine(keepEmpty: _preDepth > 0);
                return;
            case "table":
                Block();
                _table.Open();
                return;
            case "pre":
                Block();
                _preDepth++;
                _preStart = true;
                return;
            case "ul" or "ol":
                ListBoundary();
                _lists.Open(ordered: tag.Value == "ol");
                return;
            case "li":
                // Items are lines of one block, so the Markdown list stays tight.
                FlushLine();
                _listMarker = _lists.NextMarker();
                return;
            case var name when IsHeading(name):
                Block();
                _headingLevel = tag.Value[1] - '0';
                return;
        }

        if (s_blockElements.Contains(tag.Value))
        {
            Block();
        }
    }

    private void End(string name)
    {
        if (_table.Depth > 0 && HtmlTable.Accepts(name))
        {
            if (name == "table" && _table.Depth == 1)
            {
                EndTable();
            }
            else
            {
                _table.End(name);
            }

            return;
        }

        if (_table.InCell)
        {
            if (s_blockElements.Contains(name) || IsHeading(name))
            {
                _table.AppendText(" ");
            }

            return;
        }

        switch (name)
        {
            case "pre":
                Block();
                _preDepth = Math.Max(0, _preDepth - 1);
                return;
            case "ul" or "ol":
                _lists.Close();
                ListBoundary();
                return;
            case "li":
                FlushLine();
                _listMarker = null;
                return;
            case var heading when IsHeading(heading):
                Block();
                _headingLevel = 0;
                return;
        }

        if (s_blockElements.Contains(name))
        {
            Block();
        }
    }

    private void AppendText(string text)
    {
        if (_table.InCell)
        {
            _table.AppendText(text);
            return;
        }

        if (_preDepth > 0)
        {
            // As in browsers, a line break right after <pre> is not content.
            if (_preStart && text.StartsWith('\n'))
            {
                text = text[1..];
            }

            _preStart = false;
            var parts = text.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    FlushLine(keepEmpty: true);
                }

                _line.Append(parts[i]);
            }

            return;
        }

        HtmlText.AppendCollapsed(_line, text);
    }

    private static bool IsHeading(string name) => name is ['h', >= '1' and <= '6'];

    /// <summary>A list is a block of its own, but a nested list continues the list holding it.</summary>
    private void ListBoundary()
    {
        if (_lists.Depth > 0)
        {
            FlushLine();
        }
        else
        {
            Block();
        }
    }

    private void Block()
    {
        FlushLine();
        _page.BreakBlock();
    }

    private void FlushLine(bool keepEmpty = false)
    {
        var text = _preDepth > 0 ? _line.ToString().TrimEnd() : _line.ToString().Trim();
        _line.Clear();
        if (text.Length == 0 && !keepEmpty)
        {
            return;
        }

        if (_listMarker is not null && text.Length > 0)
        {
            text = _listMarker + text;
            _listMarker = null;
        }

        if (_headingLevel > 0 && text.Length > 0)
        {
            _page.AddLine(text, LineKind.Heading, _headingLevel);
        }
        else
        {
            _page.AddLine(text);
        }
    }

    private void EndTable()
    {
        if (_table.Depth == 0)
        {
            return;
        }

        FlushLine();
        var rows = _table.Close();
        _page.BreakBlock();
        for (var i = 0; i < rows.Count; i++)
        {
            _page.AddLine(string.Join('\t', rows[i]), i == 0 ? LineKind.TableHeader : LineKind.TableRow, cells: rows[i]);
        }

        _page.BreakBlock();
    }
}
