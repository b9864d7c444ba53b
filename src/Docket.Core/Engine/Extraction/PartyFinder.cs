using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Fills the parties of a schema. Labelled blocks go to the party their label names; the
/// letterhead goes to the party that issues the document; unlabelled address blocks (a window
/// address) go to the parties still without one, in reading order.
/// </summary>
internal sealed class PartyFinder(DocModel doc, FieldLocator locator)
{
    private PartyBlock? _letterhead;

    private const double MinLabelScore = 0.55;

    private static readonly HashSet<string> s_titleWords = new(StringComparer.Ordinal)
    {
        "invoice", "tax", "receipt", "statement", "bank", "account", "purchase", "order", "po", "quote", "quotation", "estimate",
        "credit", "debit", "note", "delivery", "packing", "slip", "bill", "sales", "confirmation", "remittance", "advice", "pro",
        "forma", "proforma", "rechnung", "quittung", "facture", "factuur", "kontoauszug", "bestellung", "lieferschein", "gutschrift",
        "beleg", "kassenbon", "ticket", "copy", "original", "duplicate", "page", "summary", "number", "date", "simplified",
    };

    /// <summary>Fills each slot's fields into <paramref name="target"/> (its object, or the owner for flat fields).</summary>
    public void Fill(IReadOnlyList<PartySlot> slots, JsonObject owner, string pointer, Grounding grounding)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(grounding);
        if (slots.Count == 0)
        {
            return;
        }

        var assigned = Assign(slots);
        foreach (var slot in slots)
        {
            assigned.TryGetValue(slot, out var block);
            var target = owner;
            var basePointer = pointer;
            if (slot.Object is { } obj)
            {
                target = new JsonObject();
                basePointer = pointer + "/" + Grounding.Escape(obj.Name);
                owner[obj.Name] = target;
            }

            FillSlot(slot, block, slots, target, basePointer, grounding);
        }
    }

    private Dictionary<PartySlot, PartyBlock> Assign(IReadOnlyList<PartySlot> slots)
    {
        var assigned = new Dictionary<PartySlot, PartyBlock>();
        var usedCells = new HashSet<DocCell>();

        // 1. Labelled blocks, best label match first.
        var options = new List<(PartySlot Slot, PartyBlock Block, double Score)>();
        foreach (var (label, words) in LabelCells())
        {
            foreach (var slot in slots)
            {
                var score = slot.Labels.Where(p => words.All(p.Words.Contains)).Select(p => Lexicon.Match(words, p)).DefaultIfEmpty(0).Max();
                if (score >= MinLabelScore && BlockAt(label) is { } block)
                {
                    options.Add((slot, block, score));
                }
            }
        }

        foreach (var (slot, block, _) in options.OrderByDescending(o => o.Score).ThenBy(o => o.Block.Order))
        {
            if (assigned.ContainsKey(slot) || block.Cells.Any(usedCells.Contains) || block.Label is { } l && usedCells.Contains(l.Cell))
            {
                continue;
            }

            assigned[slot] = block;
            usedCells.UnionWith(block.Cells);
            usedCells.Add(block.Label!.Value.Cell);
        }

        // 2. The letterhead belongs to the issuer.
        var letterhead = _letterhead = Letterhead();
        if (letterhead is not null)
        {
            var issuer = slots.Where(s => s.IssuerScore > 0 && !assigned.ContainsKey(s)).OrderByDescending(s => s.IssuerScore).FirstOrDefault();
            if (issuer is not null && !letterhead.Cells.Any(usedCells.Contains))
            {
                assigned[issuer] = letterhead;
            }

            usedCells.UnionWith(letterhead.Cells);
        }

        // 3. Unlabelled address blocks go to the remaining receiving parties.
        var remaining = slots.Where(s => !assigned.ContainsKey(s) && s.IssuerScore <= 0).ToList();
        if (remaining.Count > 0)
        {
            foreach (var block in UnlabelledBlocks(usedCells))
            {
                if (remaining.Count == 0)
                {
                    break;
                }

                assigned[remaining[0]] = block;
                remaining.RemoveAt(0);
            }
        }

        return assigned;
    }

    private void FillSlot(PartySlot slot, PartyBlock? block, IReadOnlyList<PartySlot> slots, JsonObject target, string pointer, Grounding grounding)
    {
        var name = block?.Name;
        var address = block?.Address ?? [];
        if (name is { } n && address.Count == 0)
        {
            // A "From" block with only the name: the letterhead of the same name has the address.
            address = _letterhead is { Name: { } own } letterhead && letterhead != block && SameName(own.Text, n.Text)
                ? letterhead.Address
                : [];
            if (address.Count == 0)
            {
                address = AddressNextToName(n.Text, block!);
            }
        }

        var confidence = block is null ? 0 : block.Label is not null ? 0.85 : block.IsLetterhead ? 0.75 : 0.65;
        if (slot.NameField is { } nameField)
        {
            Put(target, pointer, nameField, name?.Text, name?.Spans ?? [], confidence, grounding);
        }

        if (slot.AddressField is { } addressField)
        {
            Put(target, pointer, addressField, address.Count == 0 ? null : Join(address), address, confidence, grounding);
        }

        if (slot.BlockField is { } blockField)
        {
            var parts = (name?.Spans ?? []).Concat(address).ToList();
            var text = name is { } nm ? string.Join(", ", new[] { nm.Text }.Concat(address.Select(a => a.Text.Trim()))) : address.Count > 0 ? Join(address) : null;
            Put(target, pointer, blockField, text, parts, confidence, grounding);
        }

        foreach (var field in slot.OtherFields)
        {
            // Inside the party's own block first; then anywhere, if no other party could own it.
            var phrases = Lexicon.FieldLabels(field);
            var inBlock = block is null ? [] : locator.Find(field, phrases, BlockCells(block));
            var shared = slots.Count(s => s.OtherFields.Any(o => o.Name == field.Name)) > 1;
            var best = inBlock.FirstOrDefault() ?? (shared && slot.IssuerScore <= 0 ? null : locator.Find(field, phrases).FirstOrDefault());
            if (best is not null)
            {
                target[field.Name] = best.Value.Value.DeepClone();
                grounding.Add(pointer + "/" + Grounding.Escape(field.Name), best.Value.Source, Math.Min(1, best.Score));
            }
            else
            {
                target[field.Name] = null;
            }
        }
    }

    private static void Put(JsonObject target, string pointer, SchemaField field, string? text, List<Span> spans, double confidence, Grounding grounding)
    {
        target[field.Name] = text is null ? null : JsonValue.Create(text);
        if (text is not null && spans.Count > 0)
        {
            grounding.Add(pointer + "/" + Grounding.Escape(field.Name), spans, text, confidence);
        }
    }

    private static string Join(List<Span> lines) => string.Join(", ", lines.Select(l => l.Text.Trim().TrimEnd(',')));

    /// <summary>All cells of the block's rows, including the lines after its address (tax id, e-mail).</summary>
    private List<DocCell> BlockCells(PartyBlock block)
    {
        var cells = block.Cells.ToList();
        var last = cells.Count == 0 ? null : cells[^1];
        for (var i = 0; i < 4 && last is not null; i++)
        {
            last = doc.NextInStack(last);
            if (last is not null)
            {
                cells.Add(last);
            }
        }

        return cells;
    }

    /// <summary>
    /// An address printed on one line with the name: "Acme Ltd · 1 High St, Leeds LS1 1AA" or
    /// "Acme Ltd., 1 High St, Leeds": in a return address, a footer, or the letterhead stack.
    /// </summary>
    private List<Span> AddressNextToName(string name, PartyBlock block)
    {
        var folded = Tokens.Fold(name);
        foreach (var cell in doc.Cells)
        {
            var text = Tokens.Fold(cell.Text);
            if (!text.StartsWith(folded, StringComparison.Ordinal) || cell.Text.Length <= name.Length + 3 || block.Cells.Contains(cell) && block.Lines.Count > 1)
            {
                continue;
            }

            var rest = new Span(cell, name.Length, cell.Text.Length).Trim(" ,·|-–—:");
            if (!rest.Text.Any(char.IsDigit))
            {
                continue;
            }

            var parts = FieldLocator.Segments(cell).Select(s => s.Start < rest.Start ? rest with { End = s.End } : s)
                .Where(s => s.End > rest.Start).Select(s => s.Trim(" ,·|")).ToList();
            var address = PartyBlock.AddressAfter(parts);
            if (address.Count > 0)
            {
                return address;
            }
        }

        return [];
    }

    /// <summary>Cells that could be the label of a party: their words, from the text before a colon or the whole cell.</summary>
    private IEnumerable<(Span Label, List<string> Words)> LabelCells()
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
    private PartyBlock? BlockAt(Span label)
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
    private PartyBlock? Letterhead()
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
    private IEnumerable<PartyBlock> UnlabelledBlocks(HashSet<DocCell> used)
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

    private static bool SameName(string a, string b) =>
        string.Join(' ', Tokens.Words(a)) == string.Join(' ', Tokens.Words(b));

    private static bool IsTitle(string text)
    {
        var words = Lexicon.LabelWords(text);
        return words.Count > 0 && words.All(s_titleWords.Contains);
    }

    /// <summary>Two or three capitals beside a name: a logo's initials, not the name.</summary>
    private static bool IsMonogram(DocCell cell) =>
        cell.Line.Cells.Count > 1 && cell.Text.Length <= 3 && cell.Text.All(char.IsUpper);
}
