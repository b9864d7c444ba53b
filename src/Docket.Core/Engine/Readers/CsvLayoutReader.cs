using System.Text;

namespace Docket.Engine.Readers;

/// <summary>
/// CSV per RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks. One page;
/// every record is a table row and the first record is the header.
/// </summary>
internal static class CsvLayoutReader
{
    public static DocumentLayout Read(string text, CancellationToken cancellationToken)
    {
        var builder = new TextPageBuilder();
        var first = true;
        foreach (var record in Parse(text, DetectDelimiter(text), cancellationToken))
        {
            // A line break inside a quoted field is content, but a layout line is one line of text.
            var cells = record.Select(field => field.Replace('\n', ' ')).ToArray();
            builder.AddLine(string.Join('\t', cells), first ? LineKind.TableHeader : LineKind.TableRow, cells: cells);
            first = false;
        }

        return new DocumentLayout(DocumentFormat.Csv, LayoutUnit.Character, [builder.Build()]);
    }

    /// <summary>The records of <paramref name="text"/>; tolerant of stray quotes in unquoted fields.</summary>
    internal static IEnumerable<List<string>> Parse(string text, char delimiter, CancellationToken cancellationToken)
    {
        var field = new StringBuilder();
        var record = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i = ReadQuoted(text, i + 1, field);
                continue;
            }

            var c = text[i++];
            if (c == delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                if (!IsBlank(record))
                {
                    yield return record;
                }

                record = [];
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                field.Append(c);
            }
        }

        record.Add(field.ToString());
        if (!IsBlank(record))
        {
            yield return record;
        }
    }

    /// <summary>Reads a quoted field from just after its opening quote; returns the next index.</summary>
    private static int ReadQuoted(string text, int i, StringBuilder field)
    {
        while (i < text.Length)
        {
            var c = text[i++];
            if (c != '"')
            {
                field.Append(c);
            }
            else if (i < text.Length && text[i] == '"')
            {
                field.Append('"');
                i++;
            }
            else
            {
                return i;
            }
        }

        // An unterminated quote runs to the end of the file, as spreadsheet programs read it.
        return i;
    }

    /// <summary>
    /// Comma unless the header line has none and has semicolons or tabs instead, as exports from
    /// spreadsheets in locales with a decimal comma do.
    /// </summary>
    private static char DetectDelimiter(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var header = end < 0 ? text : text[..end];
        if (header.Contains(',', StringComparison.Ordinal))
        {
            return ',';
        }

        if (header.Contains(';', StringComparison.Ordinal))
        {
            return ';';
        }

        return header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
    }

    private static bool IsBlank(List<string> record) => record.Count == 1 && record[0].Length == 0;
}
