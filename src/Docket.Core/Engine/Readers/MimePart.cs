using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// One MIME entity (RFC 2045/2046): its headers and its raw body, held as a Latin-1 string so
/// every byte survives until the transfer encoding and charset are applied.
/// </summary>
internal sealed class MimePart
{
    private const int MaxDepth = 8;
    private const int MaxParts = 1000;

    private MimePart(Dictionary<string, string> headers, string body)
    {
        Headers = headers;
        Body = body;
        (MediaType, Parameters) = ParseHeaderValue(Header("Content-Type") ?? "text/plain");
    }

    /// <summary>Unfolded raw header values; the first occurrence of a name wins.</summary>
    public Dictionary<string, string> Headers { get; }

    public string Body { get; }

    /// <summary>Lower-case type/subtype, text/plain when absent.</summary>
    public string MediaType { get; }

    public Dictionary<string, string> Parameters { get; }

    public List<MimePart> Children { get; } = [];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the part is marked as an attachment or carries a file name.</summary>
    public bool IsAttachment =>
        (Header("Content-Disposition") is { } disposition && ParseHeaderValue(disposition).Value == "attachment")
        || FileName is not null;

    /// <summary>The decoded file name from Content-Disposition or the Content-Type name.</summary>
    public string? FileName
    {
        get
        {
            var disposition = Header("Content-Disposition") is { } d ? ParseHeaderValue(d).Parameters : [];
            var name = disposition.GetValueOrDefault("filename") ?? Parameters.GetValueOrDefault("name");
            return name is null ? null : MimeText.DecodeWords(name);
        }
    }

    public static MimePart Parse(string raw, string name)
    {
        var count = 0;
        return Parse(raw, name, 0, ref count);
    }

    private static MimePart Parse(string raw, string name, int depth, ref int count)
    {
        if (++count > MaxParts || depth > MaxDepth)
        {
            throw ExecutionFailedException.InvalidInput($"{name} nests more than {MaxDepth} levels or has more than {MaxParts} MIME parts.");
        }

        var (headerText, body) = SplitHeaders(raw);
        var part = new MimePart(ParseHeaders(headerText), body);
        if (part.MediaType.StartsWith("multipart/", StringComparison.Ordinal)
            && part.Parameters.TryGetValue("boundary", out var boundary) && boundary.Length > 0)
        {
            foreach (var section in SplitMultipart(body, boundary))
            {
                part.Children.Add(Parse(section, name, depth + 1, ref count));
            }
        }

        return part;
    }

    /// <summary>The body after its transfer encoding is undone.</summary>
    public byte[] DecodedBody()
    {
        var encoding = (Header("Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant();
        return encoding switch
        {
            "base64" => MimeText.DecodeBase64(Body),
            "quoted-printable" => MimeText.DecodeQuotedPrintable(Body),
            _ => Encoding.Latin1.GetBytes(Body),
        };
    }

    /// <summary>The body as text in its declared charset.</summary>
    public string DecodedText() => MimeText.DecodeCharset(DecodedBody(), Parameters.GetValueOrDefault("charset"));

    private static (string Headers, string Body) SplitHeaders(string raw)
    {
        var end = raw.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? (raw, string.Empty) : (raw[..end], raw[(end + 2)..]);
    }

    private static Dictionary<string, string> ParseHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        var value = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current is not null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            Add(headers, current, value);
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            current = colon > 0 ? line[..colon].Trim() : null;
            value.Clear().Append(colon > 0 ? line[(colon + 1)..].Trim() : string.Empty);
        }

        Add(headers, current, value);
        return headers;

        static void Add(Dictionary<string, string> headers, string? name, StringBuilder value)
        {
            if (name is not null)
            {
                headers.TryAdd(name, value.ToString());
            }
        }
    }

    private static IEnumerable<string> SplitMultipart(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var section = new StringBuilder();
        var inside = false;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed == delimiter || trimmed == delimiter + "--")
            {
                if (inside)
                {
                    // The line break before a delimiter belongs to the delimiter, not the part.
                    yield return section.Length > 0 ? section.ToString(0, section.Length - 1) : string.Empty;
                }

                section.Clear();
                inside = trimmed == delimiter;
                if (!inside)
                {
                    yield break;
                }

                continue;
            }

            if (inside)
            {
                section.Append(line).Append('\n');
            }
        }

        if (inside && section.Length > 0)
        {
            yield return section.ToString();
        }
    }

    /// <summary>Splits "value; key=param; key2="quoted"" into the lower-case value and its parameters.</summary>
    internal static (string Value, Dictionary<string, string> Parameters) ParseHeaderValue(string header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pieces = SplitParameters(header);
        foreach (var piece in pieces.Skip(1))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = piece[..equals].Trim();
            var value = piece[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            }

            // RFC 2231: filename*=utf-8''na%C3%AFve.pdf
            if (key.EndsWith('*'))
            {
                key = key[..^1];
                value = MimeText.DecodeExtendedParameter(value);
            }

            parameters.TryAdd(key, value);
        }

        return (pieces[0].Trim().ToLowerInvariant(), parameters);
    }

    private static List<string> SplitParameters(string header)
    {
        var pieces = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '"')
            {
                quoted = !quoted;
            }
            else if (header[i] == ';' && !quoted)
            {
                pieces.Add(header[start..i]);
                start = i + 1;
            }
        }

        pieces.Add(header[start..]);
        return pieces;
    }
}
