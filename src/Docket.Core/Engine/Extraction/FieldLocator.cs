namespace Docket.Engine.Extraction;

/// <summary>
/// A possible value for a field: where its label was found, the value beside or below it, and a
/// score (label match × how the value was placed × how cleanly it read).
/// </summary>
internal sealed record Candidate(ReadValue Value, Span Label, double Score)
{
    /// <summary>Reading order of the label, for ties.</summary>
    public int Order => (Label.Cell.Line.Index * 1000) + (Label.Cell.Index * 10);

    /// <summary>The label occurrence; one label gives one field its value.</summary>
    public (int Line, int Cell, int Start) Site => (Label.Cell.Line.Index, Label.Cell.Index, Label.Start);
}

/// <summary>
/// Finds a field's label in the layout and reads the value next to it: after a colon in the
/// same cell, after the label words, in the cell to the right, or in the cell below (a value
/// row under a row of labels).
/// </summary>
internal sealed partial class FieldLocator(DocModel doc)
{
    private const double MinScore = 0.45;
    private const double BelowFactor = 0.85;

    // Every field's search reads the same cells, so their words are split once per document.
    private readonly Dictionary<string, List<string>> _labelWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Token>> _tokens = new(StringComparer.Ordinal);

    public DocModel Doc => doc;

    /// <summary>Cells no label search looks at (the rows of tables that fill arrays).</summary>
    public HashSet<DocCell> Excluded { get; } = [];

    public List<Candidate> Find(SchemaField field, IReadOnlyList<Phrase> phrases, IEnumerable<DocCell>? cells = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(phrases);
        var found = new List<Candidate>();
        foreach (var cell in cells ?? doc.Cells)
        {
            if (Excluded.Contains(cell))
            {
                continue;
            }

            foreach (var segment in Segments(cell))
            {
                FindInSegment(field, phrases, segment, found);
            }
        }

        return found
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Order)
            .ToList();
    }

    /// <summary>Parts of a cell that print several items on one line: "Tel. 555 · ap@x.com", "A | B".</summary>
    public static IEnumerable<Span> Segments(DocCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var text = cell.Text;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '·' or '|' or '•' && i > 0 && text[i - 1] == ' ' && i + 1 < text.Length && text[i + 1] == ' ')
            {
                yield return new Span(cell, start, i - 1);
                start = i + 2;
            }
        }

        yield return new Span(cell, start, text.Length);
    }

    /// <summary>Where a label ends in a colon, if it does: not the colon of a time or a web address.</summary>
    public static int LabelColon(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 1; i < text.Length && i < 60; i++)
        {
            if (text[i] != ':')
            {
                continue;
            }

            var digitBefore = char.IsAsciiDigit(text[i - 1]);
            var digitAfter = i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (digitBefore && digitAfter || i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
            {
                continue;
            }

            return i;
        }

        return -1;
    }

    /// <summary>
    /// Whether a cell is a label and not a value: words that name a known field, or words in
    /// capitals ending a row of labels, with no digits outside brackets.
    /// </summary>
    public static bool IsLabelCell(DocCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var text = cell.Text.TrimEnd(':', ' ');
        if (HasBareDigits(text))
        {
            return false;
        }

        var words = Lexicon.LabelWords(text);
        return words.Count > 0 && (Lexicon.IsKnownLabel(words) || cell.Text.TrimEnd().EndsWith(':'));
    }

    /// <summary>A row of labels with their values in the row below ("INVOICE NUMBER | ISSUE DATE").</summary>
    public static bool IsKeyRow(DocLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Cells.Count >= 2 && line.Cells.All(c => !HasBareDigits(c.Text) && c.Text.Any(char.IsLetter));
    }

    /// <summary>The text without its dates and rates: "Balance on Jan 10, 2024" and "VAT 20%" are still labels.</summary>
    private string LabelText(string text)
    {
        foreach (var date in DateValue.FindAll(text, doc.Dates).OrderByDescending(d => d.Start))
        {
            text = text[..date.Start] + text[date.End..];
        }

        return Percentage().Replace(text, string.Empty);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(?:[.,]\d+)?\s?%", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 2000)]
    private static partial System.Text.RegularExpressions.Regex Percentage();

    private static bool HasBareDigits(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (char.IsDigit(c) && depth <= 0)
            {
                return true;
            }
        }

        return false;
    }

    private List<string> LabelWords(string text)
    {
        if (!_labelWords.TryGetValue(text, out var words))
        {
            words = Lexicon.LabelWords(text);
            _labelWords[text] = words;
        }

        return words;
    }

    private void FindInSegment(SchemaField field, IReadOnlyList<Phrase> phrases, Span segment, List<Candidate> found)
    {
        var text = segment.Text;
        var colon = LabelColon(text);
        if (colon > 0)
        {
            var label = segment.Slice(0, colon);
            var score = Lexicon.BestMatch(LabelWords(label.Text), phrases);
            if (score >= MinScore)
            {
                AddValues(field, segment, label, segment.Slice(colon + 1, text.Length), score, endsWithColon: true, found);
            }

            return;
        }

        var whole = Lexicon.BestMatch(LabelWords(text), phrases);
        var wholeCell = segment.Start == 0 && segment.End == segment.Cell.Text.Length;
        if (whole >= MinScore && wholeCell && !HasBareDigits(LabelText(text)))
        {
            AddValues(field, segment, segment, segment.Slice(text.Length, text.Length), whole, endsWithColon: false, found);
        }

        // Label words then the value in one cell: "Invoice # INV-1", "VAT Reg. No. GB4142".
        if (!_tokens.TryGetValue(text, out var tokens))
        {
            tokens = Tokens.Split(text);
            _tokens[text] = tokens;
        }

        foreach (var phrase in phrases)
        {
            var length = PrefixLength(tokens, phrase);
            if (length == 0 || length >= tokens.Count)
            {
                continue;
            }

            var end = tokens[length - 1].End;
            var score = phrase.Weight * (phrase.Words.Count == 1 && phrase.Weight < 1 ? 0.9 : 1);

            // The label ends at a space or a sign: "PO691311" is one word, not "PO" and "691311".
            if (end < text.Length && char.IsLetterOrDigit(text[end]) && char.IsLetterOrDigit(text[end - 1]))
            {
                continue;
            }

            // After one label word, only a value with a digit: "Account holder" is not account "holder",
            // and "INVOICE NUMBER" not invoice "NUMBER".
            if (score >= MinScore && (phrase.Words.Count > 1 || field.Type != ValueType.Text || text[end..].Any(char.IsDigit)))
            {
                AddValues(field, segment, segment.Slice(0, end), segment.Slice(end, text.Length), score, endsWithColon: false, found);
            }
        }
    }

    private void AddValues(SchemaField field, Span segment, Span label, Span inline, double score, bool endsWithColon, List<Candidate> found)
    {
        var cell = segment.Cell;
        if (!inline.Trim().IsEmpty)
        {
            if (ValueReader.Read(field, inline, doc) is { } value)
            {
                found.Add(new Candidate(value, label, score * value.Quality));
            }

            return;
        }

        var atCellEnd = segment.End == cell.Text.Length;
        if (atCellEnd && cell.Right is { } right && !Excluded.Contains(right))
        {
            var rightIsLabel = IsLabelCell(right);
            if (!(rightIsLabel && field.Type is ValueType.Text or ValueType.Enum or ValueType.Currency)
                && ValueReader.Read(field, Segments(right).First(), doc) is { } value)
            {
                found.Add(new Candidate(value, label, score * value.Quality));
                return;
            }

            if (!IsKeyRow(cell.Line))
            {
                return;
            }
        }

        // A value under its label: a row of labels over a row of values, a label ending in a
        // colon, or a label alone on its line that names the field well.
        var typed = field.Type is not (ValueType.Text or ValueType.Enum);
        var alone = cell.Line.Cells.Count == 1 && label.Start == 0 && label.End == cell.Text.Length && score >= 0.8;
        if (!typed && !endsWithColon && !alone && !IsKeyRow(cell.Line))
        {
            return;
        }

        var tolerance = 0.5 * cell.Height;
        var below = doc.Below(cell, 2.6, cell.Box.Left - tolerance, cell.Box.Right + tolerance).FirstOrDefault();
        if (below is null || Excluded.Contains(below) || IsLabelCell(below) && !typed)
        {
            return;
        }

        if (ValueReader.Read(field, Segments(below).First(), doc) is { } under)
        {
            found.Add(new Candidate(under, label, score * BelowFactor * under.Quality));
        }
    }

    /// <summary>How many leading tokens spell the phrase (small words may sit between), or 0.</summary>
    private static int PrefixLength(List<Token> tokens, Phrase phrase)
    {
        var t = 0;
        foreach (var word in phrase.Words)
        {
            while (t < tokens.Count && tokens[t].Text != word && IsFiller(tokens[t].Text))
            {
                t++;
            }

            if (t >= tokens.Count || tokens[t].Text != word)
            {
                return 0;
            }

            t++;
        }

        return t;
    }

    private static bool IsFiller(string word) => word is "of" or "the" or "de" or "du" or "des" or "der" or "no";
}
