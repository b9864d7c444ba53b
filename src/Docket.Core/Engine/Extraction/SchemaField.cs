using System.Text.Json.Nodes;

namespace Docket.Engine.Extraction;

/// <summary>The JSON shape of a field.</summary>
internal enum FieldKind
{
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
}

/// <summary>What a leaf value means, which decides how text is read into it.</summary>
internal enum ValueType
{
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    DateTime,
    Time,

    /// <summary>An ISO 4217 code.</summary>
    Currency,

    /// <summary>One of the schema's enum values.</summary>
    Enum,
}

/// <summary>
/// One property of a response schema, resolved: <c>$ref</c> followed, <c>allOf</c> merged,
/// <c>anyOf</c>/<c>oneOf</c> with null read as an optional value of the other branch.
/// </summary>
internal sealed class SchemaField
{
    public required string Name { get; init; }

    public required FieldKind Kind { get; init; }

    public ValueType Type { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<JsonNode?> EnumValues { get; init; } = [];

    public bool Nullable { get; init; }

    public IReadOnlyList<SchemaField> Properties { get; init; } = [];

    public SchemaField? Items { get; init; }

    // The words are asked for at every cell and column the extractor weighs, so they are worked
    // out once; the properties they come from are init-only.
    private IReadOnlyList<string>? _nameWords;
    private IReadOnlyList<string>? _titleWords;
    private string? _descriptionFolded;

    /// <summary>Words of the property name, canonical: <c>invoice_number</c> is [invoice, number].</summary>
    public IReadOnlyList<string> NameWords => _nameWords ??= Tokens.IdentifierWords(Name);

    public IReadOnlyList<string> TitleWords => _titleWords ??= Title is null ? [] : Tokens.Words(Title);

    public string DescriptionFolded => _descriptionFolded ??= Description is null ? string.Empty : Tokens.Fold(Description);

    /// <summary>How strongly the field asks for each table column concept; <see cref="ItemFiller"/> works it out once.</summary>
    internal Dictionary<string, double>? ColumnAffinity { get; set; }

    /// <summary>The column concept the field asks for most (the box holds null for none), once <see cref="ItemFiller"/> has worked it out.</summary>
    internal System.Runtime.CompilerServices.StrongBox<string?>? ColumnConcept { get; set; }

    public bool IsLeaf => Kind is not (FieldKind.Object or FieldKind.Array);

    public bool IsObjectArray => Kind == FieldKind.Array && Items is { Kind: FieldKind.Object };

    public SchemaField? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public override string ToString() => $"{Name}:{Kind}/{Type}";
}
