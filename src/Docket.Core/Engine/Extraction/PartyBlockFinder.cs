namespace Docket.Engine.Extraction;

/// <summary>
/// Finds the blocks that name parties: under or beside a label, the letterhead at the top of
/// the first page, and unlabelled name-and-address stacks such as a window address.
/// </summary>
internal sealed class PartyBlockFinder(DocModel doc, FieldLocator locator)
{
    private static readonly HashSet<string> s_titleWords = new(StringComparer.Ordinal)
    {
        "invoice", "tax", "receipt", "statement", "bank", "account", "purchase", "order", "po", "quote", "quotation", "estimate",
        "credit", "debit", "note", "delivery", "packing", "slip", "bill", "sales", "confirmation", "remittance", "advice", "pro",
        "forma", "proforma", "rechnung", "quittung", "facture", "factuur", "kontoauszug", "bestellung", "lieferschein", "gutschrift",
        "beleg", "kassenbon", "ticket", "copy", "original", "duplicate", "page", "summary", "number", "date", "simplified",
    };

    /// <summary>Cells that could be the label of a party: their words, from the text before a colon or the whole cell.</summary>
    public IEnumerable<(Span Label, List<string> Words)> LabelCells()
    {
        foreach (var cell in doc.Cells)
        {
            if (locator.Excluded.Contains(cell))
            {
                continue;
            }

            var colon = FieldLocator.LabelColon(cell.Text);
            var label = colon > 0 ? new Span(cell, 0, colon) : Span.Of(cell);
            if (colon < 0 && cell.Text.Any(char.IsDigit) || label.Text.Length > 40)
            {
                continue;
            }

            var words = Lexicon.LabelWords(label.Text);
            if (words.Count > 0)
            {
                yield return (label, words);
            }
        }
    }

    /// <summary>The block a label introduces: after its colon, to its right, or under it.</summary>
    public PartyBlock? BlockAt(Span label)
    {
        var cell = label.Cell;
        var lines = new List<Span>();
        var inline = new Span(cell, label.End, cell.Text.Length).Trim(" :");
        DocCell? stackFrom;
        if (!inline.IsEmpty)
        {
            if (!PartyBlock.IsNameLike(inline.Text) && AddressLines.Classify(inline.Text) is not (AddressLineKind.Street or AddressLineKind.City))
            {
                return null;
            }

            lines.Add(inline);
            stackFrom = cell;
        }
        else if (cell.Right is { } right && !FieldLocator.IsLabelCell(right) && !FieldLocator.IsKeyRow(cell.Line))
        {
            lines.AddRange(FieldLocator.Segments(right));
            stackFrom = right;
        }
        else
        {
            stackFrom = cell;
        }

        var labelLeft = cell.Box.Left;
        for (var next = doc.NextInStack(stackFrom); next is not null && lines.Count < 10; next = doc.NextInStack(next))
        {
            // Beside a label, the block ends where the next row has a label of its own.
            if (stackFrom != cell && next.Line.Cells.Any(c => c.Box.Right <= stackFrom.Box.Left && c.Box.Right > labelLeft - cell.Height))
            {
                break;
            }

            if (FieldLocator.IsLabelCell(next) && Lexicon.IsKnownLabel(Lexicon.LabelWords(next.Text)) && !next.Text.Contains(':', StringComparison.Ordinal))
            {
                break;
            }

            lines.AddRange(FieldLocator.Segments(next));
        }

        return lines.Count == 0 ? null : new PartyBlock { Lines = lines, Label = label };
    }

    /// <summary>The first name at the top of the first page (not a title, logo letters, label or contact line) and the lines under it.</summary>
    public PartyBlock? Letterhead()
    {
        if (doc.Pages.Count == 0)
        {
            return null;
        }

        var page = doc.Pages[0];
        foreach (var line in doc.PageLines(0))
        {
            if (line.Box.Top > page.Height * 0.4)
            {
                break;
            }

            foreach (var cell in line.Cells.OrderBy(c => c.Box.Left))
            {
                var first = FieldLocator.Segments(cell).First();
                if (IsTitle(first.Text) || IsMonogram(cell) || !PartyBlock.IsNameLike(first.Text) || FieldLocator.LabelColon(cell.Text) > 0 || locator.Excluded.Contains(cell))
                {
                    continue;
                }

                var lines = FieldLocator.Segments(cell).ToList();
                lines[0] = WithoutLogoLetters(lines[0]);
                for (var next = doc.NextInStack(cell); next is not null && lines.Count < 10; next = doc.NextInStack(next))
                {
                    lines.AddRange(FieldLocator.Segments(next));
                }

                return new PartyBlock { Lines = lines, IsLetterhead = true };
            }
        }

        return null;
    }

    /// <summary>Stacks of lines with a name and an address that no label claims, in reading order.</summary>
    public IEnumerable<PartyBlock> UnlabelledBlocks(HashSet<DocCell> used)
    {
        var continuations = new HashSet<DocCell>();
        foreach (var cell in doc.Cells)
        {
            if (doc.NextInStack(cell) is { } next)
            {
                continuations.Add(next);
            }
        }

        foreach (var cell in doc.Cells)
        {
            if (used.Contains(cell) || continuations.Contains(cell) || locator.Excluded.Contains(cell))
            {
                continue;
            }

            var stack = new List<DocCell> { cell };
            for (var next = doc.NextInStack(cell); next is not null && stack.Count < 10; next = doc.NextInStack(next))
            {
                stack.Add(next);
            }

            // A return address ("Acme Ltd · 1 High St, Leeds") on the first line is the sender's.
            if (FieldLocator.Segments(stack[0]).Skip(1).Any(s => AddressLines.Classify(s.Text) is AddressLineKind.Street or AddressLineKind.City))
            {
                stack.RemoveAt(0);
            }

            if (stack.Count < 2 || stack.Any(used.Contains))
            {
                continue;
            }

            var block = new PartyBlock { Lines = stack.SelectMany(FieldLocator.Segments).ToList() };
            if (block.Name is not null && block.Address.Any(a => AddressLines.Classify(a.Text) == AddressLineKind.City))
            {
                used.UnionWith(stack);
                yield return block;
            }
        }
    }

    /// <summary>
    /// A name without the logo letters printed (or scanned) before it: "MO Morning Ritual",
    /// "M&amp; Union Square Trust": up to three characters that start the next word or end in a sign.
    /// </summary>
    private static Span WithoutLogoLetters(Span name)
    {
        var text = name.Text;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space is <= 0 or > 3 || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 3)
        {
            return name;
        }

        var first = text[..space];
        var next = text[(space + 1)..].TrimStart();
        var sign = !char.IsLetterOrDigit(first[^1]) && first[^1] != '.' || !char.IsLetterOrDigit(first[0]);
        var initials = first.All(char.IsLetter) && next.StartsWith(first, StringComparison.OrdinalIgnoreCase) && first.Length < next.Length;
        return sign || initials ? name.Slice(space + 1, text.Length).Trim(" ") : name;
    }

    private static bool IsTitle(string text)
    {
        var words = Lexicon.LabelWords(text);
        return words.Count > 0 && words.All(s_titleWords.Contains);
    }

    /// <summary>Two or three capitals beside a name: a logo's initials, not the name.</summary>
    private static bool IsMonogram(DocCell cell) =>
        cell.Line.Cells.Count > 1 && cell.Text.Length <= 3 && cell.Text.All(char.IsUpper);
}
