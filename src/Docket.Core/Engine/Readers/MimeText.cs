using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Docket.Engine.Readers;

/// <summary>The text codings of e-mail: base64, quoted-printable, RFC 2047 words and charsets.</summary>
internal static partial class MimeText
{
    public static byte[] DecodeBase64(string body)
    {
        var clean = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                clean.Append(c);
            }
        }

        // Padding is often missing or wrong in the wild; restore it from the length.
        var length = clean.Length - (clean.Length % 4 == 1 ? 1 : 0);
        clean.Length = length;
        clean.Append('=', (4 - (length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(clean.ToString());
        }
        catch (FormatException)
        {
            return [];
        }
    }

    public static byte[] DecodeQuotedPrintable(string body, bool underscoreIsSpace = false)
    {
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '=' && i + 1 < body.Length && body[i + 1] == '\n')
            {
                i++;
            }
            else if (c == '=' && i + 2 < body.Length
                && byte.TryParse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else if (c == '_' && underscoreIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        return [.. bytes];
    }

    /// <summary>Decodes text in a declared charset; an unknown or missing one is sniffed like a text file.</summary>
    public static string DecodeCharset(byte[] bytes, string? charset)
    {
        var text = charset?.Trim().ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => Encoding.UTF8.GetString(bytes),
            "us-ascii" or "ascii" => Encoding.ASCII.GetString(bytes),

            // Windows-1252 differs from Latin-1 only in 0x80–0x9F, which the BCL lacks without a
            // code-page provider; Latin-1 keeps the letters right.
            "iso-8859-1" or "latin1" or "iso-8859-15" or "windows-1252" or "cp1252" => Encoding.Latin1.GetString(bytes),
            _ => TextDecoder.Decode(bytes),
        };
        return text.ReplaceLineEndings("\n");
    }

    /// <summary>Decodes RFC 2047 encoded words (=?charset?B|Q?text?=) in a header value.</summary>
    public static string DecodeWords(string value)
    {
        // Whitespace between two encoded words is not part of the text.
        var joined = AdjacentWords().Replace(value, "?==?");
        return EncodedWord().Replace(joined, match =>
        {
            var charset = match.Groups[1].Value;
            var text = match.Groups[3].Value;
            var bytes = match.Groups[2].Value is "B" or "b"
                ? DecodeBase64(text)
                : DecodeQuotedPrintable(text, underscoreIsSpace: true);
            return DecodeCharset(bytes, charset);
        });
    }

    /// <summary>An RFC 2231 value: charset'language'percent-encoded.</summary>
    public static string DecodeExtendedParameter(string value)
    {
        var parts = value.Split('\'', 3);
        if (parts.Length != 3)
        {
            return value;
        }

        var bytes = new List<byte>();
        var text = parts[2];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length
                && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return DecodeCharset([.. bytes], parts[0]);
    }

    [GeneratedRegex(@"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWords();
}
