namespace Docket.Client;

/// <summary>The artifacts of an execution or a session.</summary>
/// <param name="NamespaceId">The execution or session id the list is for.</param>
/// <param name="Items">The artifacts.</param>
public sealed record ArtifactList(string NamespaceId, IReadOnlyList<ArtifactItem> Items);

/// <summary>One artifact in an <see cref="ArtifactList"/>.</summary>
public sealed record ArtifactItem
{
    /// <summary>Its object id, such as <c>img_3fa2c1</c>.</summary>
    public string ObjectId { get; init; } = string.Empty;

    /// <summary>Its file name.</summary>
    public string? Filename { get; init; }

    /// <summary>Where it is kept (<c>store</c>).</summary>
    public string? Source { get; init; }

    /// <summary>Its exact media type.</summary>
    public string ContentType { get; init; } = string.Empty;

    /// <summary>Its size.</summary>
    public long Bytes { get; init; }

    /// <summary>The execution that produced it.</summary>
    public string? ExecutionId { get; init; }
}
