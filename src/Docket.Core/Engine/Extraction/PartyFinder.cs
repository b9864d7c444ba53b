using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>
/// Fills the parties of a schema. Labelled blocks go to the party their label names; the
/// letterhead goes to the party that issues the document; unlabelled address blocks (a window
/// address) go to the parties still without one, in reading order.
/// </summary>
internal sealed class PartyFinder(DocModel doc, FieldLocator locator)
{
    private readonly PartyBlockFinder _blocks = new(doc, locator);
    private PartyBlock? _letterhead;

    private const double MinLabelScore = 0.55;

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
        foreach (var (label, words) in _blocks.LabelCells())
        {
            foreach (var slot in slots)
            {
                var score = slot.Labels.Where(p => words.All(p.Words.Contains)).Select(p => Lexicon.Match(words, p)).DefaultIfEmpty(0).Max();
                if (score >= MinLabelScore && _blocks.BlockAt(label) is { } block)
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
        var letterhead = _letterhead = _blocks.Letterhead();
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
            foreach (var block in _blocks.UnlabelledBlocks(usedCells))
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

    private static bool SameName(string a, string b) =>
        string.Join(' ', Tokens.Words(a)) == string.Join(' ', Tokens.Words(b));
}
