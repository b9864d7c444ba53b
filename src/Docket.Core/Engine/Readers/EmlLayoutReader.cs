using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// An e-mail message: a first page with the From, To, Subject and Date headers and the body (the
/// plain-text part, or the HTML part when there is none), then the pages of every attachment that
/// is itself a readable document.
/// </summary>
internal static class EmlLayoutReader
{
    private static readonly string[] s_headers = ["From", "To", "Subject", "Date"];

    /// <summary>The parsed message and the attachments worth reading, for the caller to read.</summary>
    public static (MimePart Message, List<MimePart> Attachments) Parse(ReadOnlyMemory<byte> bytes, string name)
    {
        var message = MimePart.Parse(Encoding.Latin1.GetString(bytes.Span).ReplaceLineEndings("\n"), name);
        if (message.Headers.Count == 0)
        {
            throw ExecutionFailedException.InvalidInput($"{name} has no message headers; it is not an e-mail message.");
        }

        var attachments = new List<MimePart>();
        Collect(message, attachments, isRoot: true);
        return (message, attachments);
    }

    /// <summary>The body page followed by the attachments' pages, numbered on from 2.</summary>
    public static DocumentLayout Compose(MimePart message, IEnumerable<DocumentLayout> attachments, int maxPages, string name, CancellationToken cancellationToken)
    {
        var pages = new List<LayoutPage> { BodyPage(message, cancellationToken) };
        foreach (var (page, unit) in attachments.SelectMany(a => a.Pages.Select(p => (p, p.Unit ?? a.Unit))))
        {
            if (pages.Count >= maxPages)
            {
                throw ExecutionFailedException.InvalidInput($"{name} and its attachments have more than {maxPages} pages; at most {maxPages} are read.");
            }

            pages.Add(page with { Number = pages.Count + 1, Unit = unit });
        }

        return new DocumentLayout(DocumentFormat.Eml, LayoutUnit.Character, pages);
    }

    private static LayoutPage BodyPage(MimePart message, CancellationToken cancellationToken)
    {
        var builder = new TextPageBuilder();
        foreach (var header in s_headers)
        {
            if (message.Header(header) is { } value)
            {
                builder.AddLine($"{header}: {MimeText.DecodeWords(value)}");
            }
        }

        var plain = FindBody(message, "text/plain");
        if (plain is not null)
        {
            builder.BreakBlock();
            var lines = plain.DecodedText().Split('\n');
            foreach (var line in lines)
            {
                var text = line.TrimEnd();
                if (text.Length == 0)
                {
                    builder.BreakBlock();
                }
                else
                {
                    builder.AddLine(text);
                }
            }
        }
        else if (FindBody(message, "text/html") is { } html)
        {
            var block = -1;
            foreach (var line in HtmlLayoutReader.Read(html.DecodedText(), cancellationToken).Pages.SelectMany(p => p.Lines))
            {
                if (line.Block != block)
                {
                    builder.BreakBlock();
                    block = line.Block;
                }

                builder.AddLine(line.Text, line.Kind, line.HeadingLevel, line.Cells);
            }
        }

        return builder.Build();
    }

    /// <summary>The first inline part of the given type, depth first, as mail clients choose it.</summary>
    private static MimePart? FindBody(MimePart part, string mediaType)
    {
        if (part.Children.Count == 0)
        {
            return part.MediaType == mediaType && !part.IsAttachment ? part : null;
        }

        return part.Children.Select(child => FindBody(child, mediaType)).FirstOrDefault(found => found is not null);
    }

    private static void Collect(MimePart part, List<MimePart> attachments, bool isRoot)
    {
        if (part.Children.Count > 0)
        {
            foreach (var child in part.Children)
            {
                Collect(child, attachments, isRoot: false);
            }
        }
        else if (!isRoot && (part.IsAttachment || !part.MediaType.StartsWith("text/", StringComparison.Ordinal)))
        {
            attachments.Add(part);
        }
    }
}
